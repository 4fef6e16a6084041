// Alarm ingest throughput on the embedded store: posts N alarms (a share of them repeats, to exercise
// dedupe) through the real webhook with C concurrent clients and prints alarms/s. Target: ≥ 2,000/s.
// If Debian's prometheus-alertmanager is installed, posts the same number of alerts to its /api/v2/alerts
// for a side-by-side figure. Run: npm run bench:alarms [-- N C]
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildApp } from '../src/server/app'
import { openDatabase } from '../src/server/db/client'
import { loadKeyring } from '../src/server/lib/keyring'

const N = Number(process.argv[2] ?? 5000)
const C = Number(process.argv[3] ?? 64)
const DUP_SHARE = Number(process.env.DUP_SHARE ?? 0.5)

async function fire(count: number, concurrency: number, send: (i: number) => Promise<Response>) {
  let next = 0
  let failed = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < count; i = next++) {
      const res = await send(i)
      if (!res.ok) failed++
      await res.arrayBuffer()
    }
  }))
  const seconds = (performance.now() - started) / 1000
  return { seconds, rate: count / seconds, failed }
}

async function consoleBench() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oc-bench-'))
  const db = await openDatabase({ dataDir })
  const app = await buildApp({ db, keyring: loadKeyring({ dataDir }), print: () => {},
    config: { dataDir, demoSeed: false, staticDir: undefined, adminBootstrap: 'admin:bench-password', integrationKeyBootstrap: 'ik_bench_key' } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/v1/event/huawei/custom/ik_bench_key`
  const unique = Math.round(N * (1 - DUP_SHARE))
  const body = (i: number) => JSON.stringify({ alarmId: `bench-${i % unique}`, alarmName: 'CPU high', alarmLevel: 'Major', time: Date.now(),
    nameSpace: 'bench', applicationId: 'app-bench', alarmDesc: 'cpu > 90%', alarmSource: 'bench', alarmStatus: 'alarm' })
  await fire(200, 8, (i) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(i) })) // warm-up
  const r = await fire(N, C, (i) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(i) }))
  const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from incidents')
  console.log(`console webhook: ${N} alarms (${unique} distinct) with ${C} clients in ${r.seconds.toFixed(2)} s → ${Math.round(r.rate)} alarms/s, ${r.failed} failed, ${n} incidents opened`)
  console.log(`target ≥ 2000 alarms/s: ${r.rate >= 2000 ? 'met' : 'NOT met'}`)
  await app.close()
  await db.close()
  rmSync(dataDir, { recursive: true, force: true })
  return r.rate
}

async function alertmanagerBench(consoleRate: number) {
  const bin = ['/usr/bin/prometheus-alertmanager', '/usr/bin/alertmanager'].find(existsSync)
  if (!bin) {
    console.log('prometheus-alertmanager not installed: no comparison (apt-get install prometheus-alertmanager to add one)')
    return
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'oc-am-'))
  const cfg = path.join(dir, 'am.yml')
  await import('node:fs').then((fs) => fs.writeFileSync(cfg, 'route:\n  receiver: none\nreceivers:\n  - name: none\n'))
  const am = spawn(bin, [`--config.file=${cfg}`, `--storage.path=${dir}`, '--web.listen-address=127.0.0.1:19093', '--cluster.listen-address='], { stdio: 'ignore' })
  try {
    for (let i = 0; i < 50; i++) {
      if (await fetch('http://127.0.0.1:19093/-/ready').then((r) => r.ok, () => false)) break
      await new Promise((r) => setTimeout(r, 200))
    }
    const unique = Math.round(N * (1 - DUP_SHARE))
    const r = await fire(N, C, (i) => fetch('http://127.0.0.1:19093/api/v2/alerts', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ labels: { alertname: 'CPU high', instance: `bench-${i % unique}` }, annotations: { description: 'cpu > 90%' } }]) }))
    console.log(`alertmanager /api/v2/alerts: ${Math.round(r.rate)} alerts/s, ${r.failed} failed; console/alertmanager = ${(consoleRate / r.rate).toFixed(2)}`)
  } finally {
    am.kill()
    rmSync(dir, { recursive: true, force: true })
  }
}

const rate = await consoleBench()
await alertmanagerBench(rate)
