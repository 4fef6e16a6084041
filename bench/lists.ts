// List API latency, side by side in one run: the console as `npm start` runs it (WORKERS replicas on its
// embedded PostgreSQL server, default store) against a bare single-process Fastify + node-postgres server
// returning the same 100-row COC script page from the same database. The load generator is its own process
// (bench/list-load.mjs). Prints req/s, p50 and p99 at 200 concurrent clients and the ratios, then an
// open-loop run at 200 req/s offered, then the console's other list endpoints over seeded data.
// Targets (DESIGN.md): ≥ 1.0× the bare server's req/s, p99 ≤ 2× its p99; open loop p99 ≤ 50 ms.
// Run: npm run bench:lists [-- REQUESTS CLIENTS]; env WORKERS (default: CPU count), RATE, OPEN_SECONDS,
// ONLY_CLOSED=1 (the closed-loop comparison alone);
// PROF=<dir> writes CPU profiles of the console's processes there.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { seedListData } from './list-seed'
import { freePort, waitFor } from './bench-net'
import { treeCpu } from './proc-cpu'

const N = Number(process.argv[2] ?? 4000)
const C = Number(process.argv[3] ?? 200)
const WORKERS = process.env.WORKERS || String(availableParallelism())
const RATE = Number(process.env.RATE ?? 200)
const OPEN_SECONDS = Number(process.env.OPEN_SECONDS ?? 15)
const ROOT = path.join(import.meta.dirname, '..')
const PASSWORD = 'bench-password'

interface Figures {
  sent: number
  failed: number
  rps: number
  p50: number
  p99: number
  /** The load generator's own CPU time. */
  cpuMs: number
}

const children: ChildProcess[] = []

function startProcess(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  children.push(child)
  return child
}

/** One load run in a separate process (list-load.mjs); resolves with its figures. */
function load(spec: Record<string, unknown>): Figures {
  const out = execFileSync(process.execPath, [path.join(import.meta.dirname, 'list-load.mjs'), JSON.stringify(spec)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
  return JSON.parse(out.trim().split('\n').pop()!) as Figures
}

const fmt = (f: Figures) =>
  `${Math.round(f.rps).toString().padStart(6)} req/s  p50 ${f.p50.toFixed(1).padStart(7)} ms  p99 ${f.p99.toFixed(1).padStart(7)} ms${f.failed ? `  (${f.failed} failed)` : ''}`

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oc-bench-lists-'))
  chmodSync(dataDir, 0o755) // as root the embedded server runs as `postgres`, which must reach its data dir
  const consolePort = await freePort()
  const barePort = await freePort()
  try {
    // The console exactly as `npm start` runs it, minus the SPA and the demo fleet.
    const consoleProc = startProcess(['--import', 'tsx', 'src/server/main.ts'], {
      WORKERS,
      PORT: String(consolePort),
      DATA_DIR: dataDir,
      STATIC_DIR: '',
      CONSOLE_ADMIN: `admin:${PASSWORD}`,
      LOG_LEVEL: 'warn',
      PATCH_SCAN_CRON: 'off',
      ...(process.env.DB_POOL_SIZE ? { DB_POOL_SIZE: process.env.DB_POOL_SIZE } : {}),
      ...(process.env.PROF ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.PROF}` } : {}),
    })
    const base = `http://127.0.0.1:${consolePort}`
    await waitFor(`${base}/healthz`)
    // The embedded server's address as an operator finds it: port in postmaster.pid, password next to the data.
    const pgPort = readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')
      .split('\n')[3]!
      .trim()
    const password = readFileSync(path.join(dataDir, 'pg.console-password'), 'utf8').trim()
    const databaseUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/postgres`
    const db = new pg.Client({ connectionString: databaseUrl })
    await db.connect()
    const tenant = await seedListData(db)
    await db.end()

    const bareProc = startProcess(['--import', 'tsx', 'bench/bare-list-server.ts'], {
      DATABASE_URL: databaseUrl,
      TENANT_ID: tenant,
      PORT: String(barePort),
    })
    const bare = `http://127.0.0.1:${barePort}`
    await waitFor(`${bare}/v1/job/scripts?limit=1`)

    const login = await fetch(`${base}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'admin', password: PASSWORD, domain: { name: 'default' } } },
          },
          scope: { project: { name: 'default' } },
        },
      }),
    })
    const headers = { 'x-auth-token': login.headers.get('x-subject-token')! }
    const page = '/v1/job/scripts?limit=100'
    const [mine, theirs] = await Promise.all([
      fetch(base + page, { headers }).then((r) => r.json()),
      fetch(bare + page).then((r) => r.json()),
    ])
    if (JSON.stringify(mine) !== JSON.stringify(theirs))
      throw new Error('the bare server does not return the same page')

    console.log(
      `GET ${page}: ${N} requests, ${C} concurrent clients (load generator in its own process); 500 scripts, 2,000 hosts, 5,000 tickets; ${availableParallelism()} CPUs`,
    )
    for (const [url, h] of [
      [base, headers],
      [bare, {}],
    ] as const)
      load({ url: url + page, headers: h, mode: 'closed', count: 500, concurrency: 50 }) // warm-up
    // CPU per request by program (µs): the console's replicas (node), PostgreSQL (every backend, both
    // servers' queries), the bare server and the load generator; tells where a gap in req/s comes from.
    const cpuSplit = (run: () => Figures) => {
      const before = [treeCpu(consoleProc.pid!), treeCpu(bareProc.pid!)]
      const f = run()
      const after = [treeCpu(consoleProc.pid!), treeCpu(bareProc.pid!)]
      const d = (i: number, name: string) => (((after[i]?.get(name) ?? 0) - (before[i]?.get(name) ?? 0)) * 1e6) / f.sent
      return `${fmt(f)}\n      CPU per request: replicas ${d(0, 'node').toFixed(0)} µs, PostgreSQL ${d(0, 'postgres').toFixed(0)} µs, bare server ${d(1, 'node').toFixed(0)} µs, load generator ${((f.cpuMs * 1000) / f.sent).toFixed(0)} µs`
    }
    let console_!: Figures
    let bareRun!: Figures
    const consoleLine = cpuSplit(
      () => (console_ = load({ url: base + page, headers, mode: 'closed', count: N, concurrency: C })),
    )
    const bareLine = cpuSplit(
      () => (bareRun = load({ url: bare + page, headers: {}, mode: 'closed', count: N, concurrency: C })),
    )
    console.log(`  console, ${WORKERS} replica(s), embedded PostgreSQL  ${consoleLine}`)
    console.log(`  bare Fastify + node-postgres, 1 process   ${bareLine}`)
    console.log(
      `  ratio: ${(console_.rps / bareRun.rps).toFixed(2)}× the bare req/s (target ≥ 1.0), p99 ${(console_.p99 / bareRun.p99).toFixed(2)}× the bare p99 (target ≤ 2)`,
    )
    if (process.env.ONLY_CLOSED) return
    const openConsole = load({ url: base + page, headers, mode: 'open', rate: RATE, seconds: OPEN_SECONDS })
    const openBare = load({ url: bare + page, headers: {}, mode: 'open', rate: RATE, seconds: OPEN_SECONDS })
    console.log(`open loop, ${RATE} req/s offered for ${OPEN_SECONDS} s (target p99 ≤ 50 ms):`)
    console.log(`  console  ${fmt(openConsole)}`)
    console.log(`  bare     ${fmt(openBare)}`)

    console.log(`the console's other list endpoints, ${C} concurrent clients:`)
    for (const other of ['/v1/job/script/orders?limit=100', '/v1/resources?provider=ecs&type=cloudservers&limit=100']) {
      const f = load({ url: base + other, headers, mode: 'closed', count: Math.min(N, 2000), concurrency: C })
      console.log(`  GET ${other.padEnd(58)} ${fmt(f)}`)
    }
  } finally {
    for (const c of children) c.kill('SIGTERM')
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
