// List API latency on the embedded store: 200 concurrent clients over real HTTP against the main list
// endpoints (scripts, tickets, resources, war rooms, the console ticket list), over seeded data; prints
// p50 / p99 and requests/s per endpoint. Target (DESIGN.md): p99 ≤ 50 ms.
// Run: npm run bench:lists [-- REQUESTS CLIENTS]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildApp } from '../src/server/app'
import { openDatabase } from '../src/server/db/client'
import { loadKeyring } from '../src/server/lib/keyring'

const N = Number(process.argv[2] ?? 4000)
const C = Number(process.argv[3] ?? 200)

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!

async function seed(db: Awaited<ReturnType<typeof openDatabase>>) {
  const [{ tenant, admin }] = await db.query<{ tenant: string; admin: string }>(
    "select t.id as tenant, u.id as admin from tenants t, users u where t.name = 'default' and u.username = 'admin'",
  )
  await db.query(
    `insert into scripts (uuid, tenant_id, name, type, description, content, risk_level, version, status, creator_id,
      creator_name, operator_name)
    select 'SC' || lpad(g::text, 23, '0'), $1, 'bench_script_' || g, 'SHELL', 'bench', 'echo ' || g,
      (array['LOW','MEDIUM','HIGH'])[1 + g % 3], '1.0', 'APPROVED', $2, 'admin', 'admin'
    from generate_series(1, 500) g`,
    [tenant, admin],
  )
  const [{ module }] = await db.query<{ module: number }>(
    `select m.id as module from cmdb_modules m join cmdb_businesses b on b.id = m.biz_id
    where m.kind = 'idle' and b.is_default limit 1`,
  )
  await db.query(
    `insert into cmdb_hosts (tenant_id, module_id, name, inner_ip, agent_sn, agent_status)
    select $1, $2, 'bench-host-' || g, '10.1.' || (g / 250) || '.' || (g % 250), 'bench-sn-' || g, 'offline'
    from generate_series(1, 2000) g`,
    [tenant, module],
  )
  await db.query(
    `insert into execution_orders (uuid, tenant_id, script_uuid, script_name, script_type, script_revision,
      script_version, risk_level, content, execute_user, timeout_sec, success_rate, status, creator_name, created_at,
      finished_at)
    select 'SCT' || lpad(g::text, 23, '0'), $1, 'SC1', 'bench_script_' || (g % 500), 'SHELL', 1, '1.0', 'LOW', 'echo',
      'root', 60, 100, (array['FINISHED','ABNORMAL','CANCELED'])[1 + g % 3], 'admin',
      now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval + interval '20 seconds'
    from generate_series(1, 5000) g`,
    [tenant],
  )
  await db.query(
    `insert into execution_batches (order_id, batch_index, rotation_strategy, status)
    select id, 1, 'CONTINUE', 'FINISHED' from execution_orders`,
  )
  await db.query(`insert into execution_instances (order_id, batch_index, resource_id, agent_sn, host_name, status)
    select o.id, 1, 'r' || g, 'bench-sn-' || g, 'bench-host-' || g, 'FINISHED'
    from execution_orders o, generate_series(1, 10) g`)
  await db.query('analyze')
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oc-bench-lists-'))
  const db = await openDatabase({ dataDir })
  const app = await buildApp({
    db,
    keyring: loadKeyring({ dataDir }),
    print: () => {},
    config: { dataDir, staticDir: undefined, adminBootstrap: 'admin:bench-password' },
  })
  await seed(db)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  const login = await fetch(`${base}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', password: 'bench-password', domain: { name: 'default' } } },
        },
        scope: { project: { name: 'default' } },
      },
    }),
  })
  const headers = { 'x-auth-token': login.headers.get('x-subject-token')!, 'content-type': 'application/json' }
  const session = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'bench-password' }),
  })
  const cookie = session.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const endpoints: [string, () => Promise<Response>][] = [
    ['GET /v1/job/scripts?limit=100', () => fetch(`${base}/v1/job/scripts?limit=100`, { headers })],
    ['GET /v1/job/script/orders?limit=100', () => fetch(`${base}/v1/job/script/orders?limit=100`, { headers })],
    [
      'GET /v1/resources?limit=100',
      () => fetch(`${base}/v1/resources?provider=ecs&type=cloudservers&limit=100`, { headers }),
    ],
    [
      'POST /v1/external/warrooms/list',
      () =>
        fetch(`${base}/v1/external/warrooms/list`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ limit: 10, offset: 0 }),
        }),
    ],
    ['GET /api/executions?pageSize=20', () => fetch(`${base}/api/executions?pageSize=20`, { headers: { cookie } })],
  ]
  console.log(
    `${N} requests per endpoint, ${C} concurrent clients, embedded PGlite; 500 scripts, 2,000 hosts, 5,000 tickets`,
  )
  for (const [name, send] of endpoints) {
    const lat: number[] = []
    let failed = 0
    let next = 0
    const started = performance.now()
    await Promise.all(
      Array.from({ length: C }, async () => {
        for (let i = next++; i < N; i = next++) {
          const t = performance.now()
          const res = await send()
          await res.arrayBuffer()
          if (!res.ok) failed++
          lat.push(performance.now() - t)
        }
      }),
    )
    const secs = (performance.now() - started) / 1000
    lat.sort((a, b) => a - b)
    console.log(
      `${name.padEnd(38)} p50 ${pct(lat, 50).toFixed(1).padStart(6)} ms  ` +
        `p99 ${pct(lat, 99).toFixed(1).padStart(6)} ms  ${Math.round(N / secs)} req/s` +
        (failed ? `  (${failed} failed)` : ''),
    )
  }
  await app.close()
  await db.close()
  rmSync(dataDir, { recursive: true, force: true })
}

await main()
process.exit(0)
