// Alarm ingest throughput, side by side in one run: the console as `npm start` runs it (WORKERS replicas on
// its embedded PostgreSQL server) and Debian's prometheus-alertmanager, each taking the same N posts from a
// load generator in its own process (bench/alarm-load.mjs) with C concurrent keep-alive clients. A bare
// Fastify process that only parses the posts (bench/bare-alarm-server.ts) shows what Node's HTTP stack alone
// reaches on the same machine.
// The posts are a seeded shuffle of U = N·(1 − DUP_SHARE) new alarms and repeats of them; for RECOVER_SHARE
// of the repeated alarms the last post is `alarmStatus: ok`. Afterwards the store is checked: one alarm and
// one incident per alarmId, received counts adding up to N. Targets: ≥ 2,000/s and ≥ 1.0× Alertmanager.
// Run: npm run bench:alarms [-- N C]; env WORKERS (default: CPU count), DUP_SHARE, RECOVER_SHARE, WARM;
// PROF=<dir> writes CPU profiles of the console's processes there (node --cpu-prof).
// Also printed: CPU time of the console's processes (replicas and PostgreSQL, Linux /proc) per alarm, which
// does not grow when other processes take the cores, and (the webhook answers once a call is durable in the
// alarm inbox) how much later the last alarm was folded: the end-to-end rate, counted up to that moment.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { freePort, waitFor } from './bench-net'
import { treeCpu } from './proc-cpu'

const N = Number(process.argv[2] ?? 5000)
const C = Number(process.argv[3] ?? 64)
const WORKERS = process.env.WORKERS || String(availableParallelism())
const DUP_SHARE = Number(process.env.DUP_SHARE ?? 0.5)
const RECOVER_SHARE = Number(process.env.RECOVER_SHARE ?? 0.2)
const ROOT = path.join(import.meta.dirname, '..')
const KEY = 'ik_bench_key'

interface LoadResult {
  seconds: number
  failed: number
  p50: number
  p99: number
}

const children: ChildProcess[] = []
const work = mkdtempSync(path.join(tmpdir(), 'oc-bench-alarms-'))
chmodSync(work, 0o755) // as root the embedded server runs as `postgres`, which must reach its data dir

let loads = 0
/** Posts the bodies from a separate process; returns its figures. */
function fire(url: string, bodies: string[], concurrency: number): LoadResult {
  const bodiesFile = path.join(work, `bodies-${loads++}.ndjson`)
  writeFileSync(bodiesFile, `${bodies.join('\n')}\n`)
  const out = execFileSync(
    process.execPath,
    [path.join(import.meta.dirname, 'alarm-load.mjs'), JSON.stringify({ url, bodiesFile, concurrency })],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  )
  return JSON.parse(out.trim().split('\n').pop()!) as LoadResult
}

/** mulberry32: the same post sequence on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Alarm ids in post order (each new id once, repeats shuffled in) and which posts are recoveries. */
function workload(n: number, unique: number) {
  const rand = random(42)
  const ids = [
    ...Array.from({ length: unique }, (_, i) => i),
    ...Array.from({ length: n - unique }, () => Math.floor(rand() * unique)),
  ]
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[ids[i], ids[j]] = [ids[j], ids[i]]
  }
  const last = new Map<number, number>()
  const seen = new Map<number, number>()
  ids.forEach((id, i) => {
    last.set(id, i)
    seen.set(id, (seen.get(id) ?? 0) + 1)
  })
  const ok = new Set([...last].filter(([id]) => seen.get(id)! > 1 && rand() < RECOVER_SHARE).map(([, i]) => i))
  return { ids, ok }
}

const alarm = (id: string, status: 'alarm' | 'ok') =>
  JSON.stringify({
    alarmId: id,
    alarmName: 'CPU high',
    alarmLevel: 'Major',
    time: Date.now(),
    nameSpace: 'bench',
    applicationId: 'app-bench',
    alarmDesc: 'cpu > 90%',
    alarmSource: 'bench',
    alarmStatus: status,
  })

async function consoleBench() {
  const port = await freePort()
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      WORKERS,
      PORT: String(port),
      DATA_DIR: path.join(work, 'console'),
      STATIC_DIR: '',
      CONSOLE_ADMIN: 'admin:bench-password',
      CONSOLE_INTEGRATION_KEY: KEY,
      DEMO_SEED: '0',
      DEMO_AGENTS: '0',
      LOG_LEVEL: 'warn',
      PATCH_SCAN_CRON: 'off',
      ...(process.env.PROF ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.PROF}` } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  children.push(proc)
  const base = `http://127.0.0.1:${port}`
  await waitFor(`${base}/healthz`)
  const dataDir = path.join(work, 'console')
  const pgPort = readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')
    .split('\n')[3]!
    .trim()
  const password = readFileSync(path.join(dataDir, 'pg.console-password'), 'utf8').trim()
  const db = new pg.Client({
    connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/postgres`,
  })
  await db.connect()
  const url = `${base}/v1/event/huawei/custom/${KEY}`
  // Warm-up on other ids, so that every measured "new" alarm really is new.
  const WARM = Number(process.env.WARM ?? 1000)
  fire(
    url,
    Array.from({ length: WARM }, (_, i) => alarm(`warm-${i % (WARM / 2)}`, 'alarm')),
    C,
  )
  const unique = Math.round(N * (1 - DUP_SHARE))
  const { ids, ok } = workload(N, unique)
  const bodies = ids.map((id, i) => alarm(`bench-${id}`, ok.has(i) ? 'ok' : 'alarm'))
  const cpu0 = treeCpu(proc.pid!)
  const t0 = performance.now()
  const r = fire(url, bodies, C)
  // The webhook answers once a call is in the inbox: wait until the folder has turned all of them into alarms.
  const inbox = async () => (await db.query<{ n: number }>('select count(*)::int as n from alarm_inbox')).rows[0]!.n
  const leftAtLastAnswer = await inbox()
  while ((await inbox()) > 0) await new Promise((res) => setTimeout(res, 10))
  const foldedSeconds = (performance.now() - t0) / 1000 - 0.01
  const cpu1 = treeCpu(proc.pid!)
  const cpuBy = [...(cpu1 ?? [])].map(([name, t]) => [name, t - (cpu0?.get(name) ?? 0)] as const)
  const cpu = cpu1 ? cpuBy.reduce((a, [, t]) => a + t, 0) : null
  const {
    rows: [s],
  } = await db.query<{
    alarms: number
    received: number
    recovered: number
    linked: number
    unlinked: number
    incidents: number
  }>(`select
    count(*)::int as alarms, sum(received_count)::int as received,
    count(*) filter (where recovered_at is not null)::int as recovered,
    count(distinct incident_id)::int as linked, count(*) filter (where incident_id is null)::int as unlinked,
    (select count(*)::int from incidents i
      where not exists (select 1 from alarms w where w.incident_id = i.id and w.alarm_id like 'warm-%')) as incidents
    from alarms where alarm_id like 'bench-%'`)
  const rate = N / r.seconds
  console.log(
    `console webhook (${WORKERS} replicas, embedded PostgreSQL, load generator in its own process): ${N} posts (${unique} new alarms, ${N - unique} repeats of which ${ok.size} recoveries) ` +
      `with ${C} clients in ${r.seconds.toFixed(2)} s`,
  )
  console.log(
    `  → ${Math.round(rate)} alarms/s, ${r.failed} failed, latency p50 ${r.p50.toFixed(1)} ms, ` +
      `p99 ${r.p99.toFixed(1)} ms`,
  )
  console.log(
    `  ${leftAtLastAnswer} calls still in the inbox at the last answer; all folded into alarms and incidents ` +
      `${Math.max(0, foldedSeconds - r.seconds).toFixed(2)} s later → end to end ${Math.round(N / Math.max(foldedSeconds, r.seconds))} alarms/s`,
  )
  if (cpu)
    console.log(
      `  console CPU (${WORKERS} replicas + PostgreSQL) ${Math.round((cpu * 1e6) / N)} µs/alarm → ` +
        `${Math.round(N / cpu)} alarms/s per free core (${cpuBy
          .filter(([, t]) => t > 0)
          .map(([name, t]) => `${name} ${Math.round((t * 1e6) / N)}`)
          .join(', ')} µs)`,
    )
  // An alarm whose recovery overtook its first firing (both in flight at once) is stored without an incident.
  const check = s.alarms === unique && s.received === N && s.linked === s.incidents && s.linked + s.unlinked === unique
  console.log(
    `  store: ${s.alarms} alarms, ${s.incidents} incidents opened (${s.unlinked} alarms first seen as ok), ` +
      `received_count total ${s.received}, ${s.recovered} recovered → ${check ? 'consistent' : 'INCONSISTENT'}`,
  )
  console.log(`target ≥ 2000 alarms/s: ${rate >= 2000 ? 'met' : 'NOT met'}`)
  await db.end()
  proc.kill('SIGTERM')
  await new Promise((r) => (proc.exitCode === null ? proc.once('exit', r) : r(null)))
  return rate
}

async function alertmanagerBench(consoleRate: number, bareRate: number) {
  const bin = ['/usr/bin/prometheus-alertmanager', '/usr/bin/alertmanager'].find(existsSync)
  if (!bin) {
    console.log(
      'prometheus-alertmanager not installed: no comparison (apt-get install prometheus-alertmanager to add one)',
    )
    return
  }
  const dir = mkdtempSync(path.join(work, 'am-'))
  const cfg = path.join(dir, 'am.yml')
  writeFileSync(cfg, 'route:\n  receiver: none\nreceivers:\n  - name: none\n')
  const am = spawn(
    bin,
    [
      `--config.file=${cfg}`,
      `--storage.path=${dir}`,
      '--web.listen-address=127.0.0.1:19093',
      '--cluster.listen-address=',
    ],
    { stdio: 'ignore' },
  )
  try {
    for (let i = 0; i < 50; i++) {
      if (
        await fetch('http://127.0.0.1:19093/-/ready').then(
          (r) => r.ok,
          () => false,
        )
      )
        break
      await new Promise((r) => setTimeout(r, 200))
    }
    const unique = Math.round(N * (1 - DUP_SHARE))
    const { ids } = workload(N, unique)
    const r = fire(
      'http://127.0.0.1:19093/api/v2/alerts',
      ids.map((id) =>
        JSON.stringify([
          { labels: { alertname: 'CPU high', instance: `bench-${id}` }, annotations: { description: 'cpu > 90%' } },
        ]),
      ),
      C,
    )
    console.log(
      `alertmanager /api/v2/alerts: ${Math.round(N / r.seconds)} alerts/s, ${r.failed} failed; ` +
        `console/alertmanager = ${(consoleRate / (N / r.seconds)).toFixed(2)}, bare Fastify/alertmanager = ${(bareRate / (N / r.seconds)).toFixed(2)}`,
    )
  } finally {
    // Let Alertmanager flush and exit before its storage dir goes (it writes snapshots on shutdown).
    const exited = new Promise((r) => am.once('exit', r))
    am.kill()
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))])
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 })
  }
}

/** The same posts to a bare Fastify route that only parses them: what Node's HTTP stack alone reaches here. */
async function bareFastifyBench(consoleRate: number) {
  const port = await freePort()
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'bare-alarm-server.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  children.push(proc)
  try {
    const url = `http://127.0.0.1:${port}/hook`
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then(
          (r) => r.ok,
          () => false,
        )
      )
        break
      await new Promise((r) => setTimeout(r, 100))
    }
    const unique = Math.round(N * (1 - DUP_SHARE))
    const { ids } = workload(N, unique)
    const r = fire(
      url,
      ids.map((id) => alarm(`bench-${id}`, 'alarm')),
      C,
    )
    const rate = N / r.seconds
    console.log(
      `bare Fastify, 1 process, parses each post and stores nothing: ${Math.round(rate)} posts/s, ${r.failed} failed; ` +
        `console/bare = ${(consoleRate / rate).toFixed(2)}`,
    )
    return rate
  } finally {
    proc.kill('SIGTERM')
    await new Promise((r) => (proc.exitCode === null ? proc.once('exit', r) : r(null)))
  }
}

try {
  const rate = await consoleBench()
  const bare = await bareFastifyBench(rate)
  await alertmanagerBench(rate, bare)
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM')
  rmSync(work, { recursive: true, force: true, maxRetries: 5 })
}
