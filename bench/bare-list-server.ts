// The peer for bench/lists.ts: a bare single-process Fastify + node-postgres server that answers
// GET /v1/job/scripts?limit=N with the same COC page as the console (same query, same fields), and nothing
// else: no authentication, no contract validation, no audit. Env: DATABASE_URL, TENANT_ID, PORT.
import Fastify from 'fastify'
import pg from 'pg'

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
const tenant = process.env.TENANT_ID
const app = Fastify()

app.get<{ Querystring: { limit?: string } }>('/v1/job/scripts', async (req) => {
  const limit = Math.min(Number(req.query.limit ?? 10), 100)
  const [rows, total] = await Promise.all([
    pool.query(
      `select id, uuid, tenant_id, name, type, status, risk_level, version, protocol, reviewers, creator_id,
        creator_name, operator_name, created_at, updated_at
       from scripts where tenant_id = $1 order by id limit $2`,
      [tenant, limit],
    ),
    pool.query('select count(*)::int as total from scripts where tenant_id = $1', [tenant]),
  ])
  return {
    data: {
      total: total.rows[0].total,
      data: rows.rows.map((r) => ({
        id: Number(r.id),
        script_uuid: r.uuid,
        enterprise_project_id: r.tenant_id,
        name: r.name,
        type: r.type,
        status: r.status,
        gmt_created: r.created_at.getTime(),
        gmt_modified: r.updated_at.getTime(),
        creator: r.creator_name,
        creator_id: r.creator_id.replaceAll('-', ''),
        operator: r.operator_name,
        properties: {
          risk_level: r.risk_level,
          version: r.version,
          reviewers: r.reviewers.map((v: { username: string; userId: string }) => ({
            reviewer_name: v.username,
            reviewer_id: v.userId.replaceAll('-', ''),
          })),
          protocol: r.protocol,
        },
      })),
    },
  }
})

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
console.log('listening')
