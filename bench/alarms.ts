// Alarm ingest throughput on the embedded store: posts N alarms through the real webhook with C concurrent
// keep-alive clients (in a worker thread, like real alarm sources in other processes) and prints alarms/s.
// The posts are a seeded shuffle of U = N·(1 − DUP_SHARE) new alarms and repeats of them; for RECOVER_SHARE
// of the repeated alarms the last post is `alarmStatus: ok`. Afterwards the store is checked: one alarm and
// one incident per alarmId, received counts adding up to N. Target: ≥ 2,000/s.
// If Debian's prometheus-alertmanager is installed, posts the same number of alerts to its /api/v2/alerts
// for a side-by-side figure. Run: npm run bench:alarms [-- N C]; env DUP_SHARE, RECOVER_SHARE, WARM (warm-up posts).
// Wall-clock alarms/s drops when other processes compete for the cores; the server thread's CPU time per alarm
// (Linux) does not, and gives the rate one free core would sustain.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import { startBenchConsole } from './bench-console'

const N = Number(process.argv[2] ?? 5000)
const C = Number(process.argv[3] ?? 64)
const DUP_SHARE = Number(process.env.DUP_SHARE ?? 0.5)
const RECOVER_SHARE = Number(process.env.RECOVER_SHARE ?? 0.2)

interface LoadResult {
  seconds: number
  failed: number
  p50: number
  p99: number
}

/** Posts the bodies from a worker thread; resolves with its figures. */
function fire(url: string, bodies: string[], concurrency: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./alarm-load.mjs', import.meta.url), {
      workerData: { url, count: bodies.length, concurrency, bodies },
    })
    w.once('message', resolve)
    w.once('error', reject)
  })
}

/**
 * CPU seconds used so far by this (the server's) thread, from Linux /proc; null elsewhere. Unlike wall time it
 * does not grow when other processes take the cores, so it gives the capacity of one free core.
 */
function serverThreadCpu(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime + stime, in USER_HZ (100 on Linux)
  } catch {
    return null
  }
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
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oc-bench-'))
  const { app, db, base } = await startBenchConsole(dataDir, { integrationKeyBootstrap: 'ik_bench_key' })
  const url = `${base}/v1/event/huawei/custom/ik_bench_key`
  // Warm-up on other ids, so that every measured "new" alarm really is new.
  const WARM = Number(process.env.WARM ?? 1000)
  await fire(
    url,
    Array.from({ length: WARM }, (_, i) => alarm(`warm-${i % (WARM / 2)}`, 'alarm')),
    C,
  )
  const unique = Math.round(N * (1 - DUP_SHARE))
  const { ids, ok } = workload(N, unique)
  const bodies = ids.map((id, i) => alarm(`bench-${id}`, ok.has(i) ? 'ok' : 'alarm'))
  const elu = performance.eventLoopUtilization()
  const cpu0 = serverThreadCpu()
  const r = await fire(url, bodies, C)
  const busy = performance.eventLoopUtilization(elu).utilization
  const cpu = cpu0 === null ? null : serverThreadCpu()! - cpu0
  const [s] = await db.query<{
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
    `console webhook: ${N} posts (${unique} new alarms, ${N - unique} repeats of which ${ok.size} recoveries) ` +
      `with ${C} clients in ${r.seconds.toFixed(2)} s`,
  )
  console.log(
    `  → ${Math.round(rate)} alarms/s, ${r.failed} failed, latency p50 ${r.p50.toFixed(1)} ms, ` +
      `p99 ${r.p99.toFixed(1)} ms, server event loop busy ${Math.round(busy * 100)}%`,
  )
  if (cpu)
    console.log(
      `  server thread CPU ${Math.round((cpu * 1e6) / N)} µs/alarm → ${Math.round(N / cpu)} alarms/s per free core`,
    )
  // An alarm whose recovery overtook its first firing (both in flight at once) is stored without an incident.
  const check = s.alarms === unique && s.received === N && s.linked === s.incidents && s.linked + s.unlinked === unique
  console.log(
    `  store: ${s.alarms} alarms, ${s.incidents} incidents opened (${s.unlinked} alarms first seen as ok), ` +
      `received_count total ${s.received}, ${s.recovered} recovered → ${check ? 'consistent' : 'INCONSISTENT'}`,
  )
  console.log(`target ≥ 2000 alarms/s: ${rate >= 2000 ? 'met' : 'NOT met'}`)
  await app.close()
  await db.close()
  rmSync(dataDir, { recursive: true, force: true })
  return rate
}

async function alertmanagerBench(consoleRate: number) {
  const bin = ['/usr/bin/prometheus-alertmanager', '/usr/bin/alertmanager'].find(existsSync)
  if (!bin) {
    console.log(
      'prometheus-alertmanager not installed: no comparison (apt-get install prometheus-alertmanager to add one)',
    )
    return
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'oc-am-'))
  const cfg = path.join(dir, 'am.yml')
  await import('node:fs').then((fs) => fs.writeFileSync(cfg, 'route:\n  receiver: none\nreceivers:\n  - name: none\n'))
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
    const r = await fire(
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
        `console/alertmanager = ${(consoleRate / (N / r.seconds)).toFixed(2)}`,
    )
  } finally {
    // Let Alertmanager flush and exit before its storage dir goes (it writes snapshots on shutdown).
    const exited = new Promise((r) => am.once('exit', r))
    am.kill()
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))])
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 })
  }
}

const rate = await consoleBench()
await alertmanagerBench(rate)
