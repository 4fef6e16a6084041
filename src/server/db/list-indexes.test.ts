import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../app'
import { iamToken, loginAs, testApp } from '../testing/test-app'
import { seedBigTables } from '../testing/big-seed'

/**
 * Every list endpoint, run against 100k rows per big table on a real PostgreSQL, issues no sequential scan of a
 * big table: each SQL statement it sends is captured and EXPLAINed with its parameters.
 */
const BIG = [
  'scripts',
  'cmdb_hosts',
  'execution_orders',
  'execution_instances',
  'incidents',
  'incident_timeline',
  'alarms',
  'war_rooms',
  'war_room_events',
  'audit_log',
  'inbox_messages',
  'patch_reports',
]

/**
 * A page's total over a whole tenant (or a recipient's whole inbox) reads every row of it whatever the index:
 * the planner rightly prefers a sequential read there, so these statements alone are exempt. Their page
 * query, and every filtered total, must still use an index.
 */
const WHOLE_TENANT_TOTAL =
  /^select count\(\*\) from "\w+" where \(?"\w+"\."(tenant_id|recipient_id)" = \$1( and "\w+"\."tenant_id" = \$2)?\)?$/

interface Captured {
  text: string
  values: unknown[]
}

// Every statement any pg client sends while `capturing` is on (drizzle and raw queries both go through here).
const captured: Captured[] = []
let capturing = false
const originalQuery = pg.Client.prototype.query
function capture(this: pg.Client, ...args: unknown[]) {
  const [q, v] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined]
  if (capturing) {
    const text = typeof q === 'string' ? q : q.text
    // drizzle passes (config, params); raw queries pass (text, params) or ({ text, values }).
    const values = Array.isArray(v) ? v : typeof q === 'string' ? [] : (q.values ?? [])
    if (/^\s*(select|with)\b/i.test(text)) captured.push({ text, values })
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args)
}

describe('list endpoints on 100k rows per table', { timeout: 600_000 }, () => {
  let app: App
  let console: Record<string, string>
  let coc: Record<string, string>
  let ids: { executeUuid: string; scriptUuid: string; incidentNum: string; warRoomId: string; hostId: number }

  beforeAll(async () => {
    app = await testApp({ autoClose: false })
    ids = await seedBigTables(app.services.handle)
    console = await loginAs(app)
    coc = { 'x-auth-token': await iamToken(app) }
    pg.Client.prototype.query = capture as typeof pg.Client.prototype.query
  }, 600_000)
  afterAll(async () => {
    pg.Client.prototype.query = originalQuery
    await app?.close()
    await app?.services.handle.close()
  })

  const endpoints: [string, () => { method: 'GET' | 'POST'; url: string; payload?: unknown; coc?: boolean }][] = [
    ['users', () => ({ method: 'GET', url: '/api/users' })],
    ['audit log', () => ({ method: 'GET', url: '/api/audit-logs' })],
    ['hosts', () => ({ method: 'GET', url: '/api/cmdb/hosts?page=1&pageSize=20' })],
    ['host detail', () => ({ method: 'GET', url: `/api/cmdb/hosts/${ids.hostId}` })],
    [
      'COC resources',
      () => ({ method: 'GET', url: '/v1/resources?provider=ecs&type=cloudservers&limit=20', coc: true }),
    ],
    ['COC compliance', () => ({ method: 'GET', url: '/v1/patch/instance/compliant?limit=20', coc: true })],
    ['patch scans', () => ({ method: 'GET', url: '/api/patch-scans' })],
    ['incident board', () => ({ method: 'GET', url: '/api/incidents' })],
    ['incident detail', () => ({ method: 'GET', url: `/api/incidents/${ids.incidentNum}` })],
    ['COC incident', () => ({ method: 'GET', url: `/v1/external/incident/${ids.incidentNum}`, coc: true })],
    [
      'war rooms',
      () => ({ method: 'POST', url: '/v1/external/warrooms/list', payload: { limit: 0, offset: 20 }, coc: true }),
    ],
    ['war room', () => ({ method: 'GET', url: `/api/war-rooms/${ids.warRoomId}` })],
    ['COC scripts', () => ({ method: 'GET', url: '/v1/job/scripts?limit=20', coc: true })],
    ['scripts', () => ({ method: 'GET', url: '/api/scripts' })],
    ['script', () => ({ method: 'GET', url: `/api/scripts/${ids.scriptUuid}` })],
    ['inbox', () => ({ method: 'GET', url: '/api/inbox' })],
    ['COC tickets', () => ({ method: 'GET', url: '/v1/job/script/orders?limit=20', coc: true })],
    ['tickets', () => ({ method: 'GET', url: '/api/executions' })],
    ['ticket', () => ({ method: 'GET', url: `/api/executions/${ids.executeUuid}` })],
    ['ticket instances', () => ({ method: 'GET', url: `/api/executions/${ids.executeUuid}/instances` })],
    ['ticket batches', () => ({ method: 'GET', url: `/v1/job/script/orders/${ids.executeUuid}/batches`, coc: true })],
  ]

  it.each(endpoints)('%s uses an index for every big table', async (_name, request) => {
    const r = request()
    captured.length = 0
    capturing = true
    const res = await app.inject({
      method: r.method,
      url: r.url,
      payload: r.payload as object | undefined,
      headers: r.coc ? coc : console,
    })
    capturing = false
    expect(res.statusCode, res.body).toBeLessThan(300)
    expect(captured.length).toBeGreaterThan(0)
    const scans: string[] = []
    for (const q of captured) {
      if (WHOLE_TENANT_TOTAL.test(q.text)) continue
      const plan = await explain(app, q)
      for (const rel of seqScans(plan)) if (BIG.includes(rel)) scans.push(`${rel}: ${q.text.slice(0, 400)}`)
    }
    expect(scans).toEqual([])
  })
})

/**
 * The plan PostgreSQL picks for the statement with these very values: EXPLAIN takes no bind parameters, so the
 * statement is PREPAREd and EXPLAIN EXECUTEd with the values as literals, with a custom (per-value) plan.
 */
async function explain(app: App, q: Captured): Promise<unknown> {
  // As node-postgres would send each value as text: dates in ISO, arrays as array literals, objects as JSON.
  const text = (v: unknown): string =>
    v instanceof Date
      ? v.toISOString()
      : Array.isArray(v)
        ? `{${v.map((x) => `"${text(x).replace(/(["\\])/g, '\\$1')}"`).join(',')}}`
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v)
  const literal = (v: unknown) => (v === null || v === undefined ? 'NULL' : `'${text(v).replace(/'/g, "''")}'`)
  return app.services.handle.withConnection(async (conn) => {
    await conn.exec('SET plan_cache_mode = force_custom_plan')
    await conn.exec(`PREPARE list_probe AS ${q.text}`)
    try {
      const args = q.values.length ? `(${q.values.map(literal).join(', ')})` : ''
      const [row] = await conn.query<{ 'QUERY PLAN': unknown[] }>(`EXPLAIN (FORMAT JSON) EXECUTE list_probe${args}`)
      return row['QUERY PLAN'][0]
    } finally {
      await conn.exec('DEALLOCATE list_probe')
    }
  })
}

/** Relations read by a Seq Scan anywhere in an EXPLAIN (FORMAT JSON) plan. */
function seqScans(node: unknown): string[] {
  const n = node as { Plan?: unknown; Plans?: unknown[]; 'Node Type'?: string; 'Relation Name'?: string }
  if (n.Plan) return seqScans(n.Plan)
  const own = n['Node Type'] === 'Seq Scan' && n['Relation Name'] ? [n['Relation Name']] : []
  return [...own, ...(n.Plans ?? []).flatMap(seqScans)]
}
