// Load generator for bench/alarms.ts, run as its own process (real alarm sources are other processes, and
// the clients must not compete with the server for its event loop). argv[2]: JSON `{url, bodiesFile,
// concurrency}`; the bodies file holds one JSON body per line. Posts them with `concurrency` keep-alive
// clients and prints one JSON line: wall time, failures and latency percentiles.
import { readFileSync } from 'node:fs'
import http from 'node:http'

const { url, bodiesFile, concurrency } = JSON.parse(process.argv[2])
const bodies = readFileSync(bodiesFile, 'utf8').split('\n').filter(Boolean)
const count = bodies.length
const target = new URL(url)
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })

function post(body) {
  const started = performance.now()
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve({ ok: res.statusCode === 200, ms: performance.now() - started }))
      },
    )
    req.on('error', () => resolve({ ok: false, ms: performance.now() - started }))
    req.end(body)
  })
}

let next = 0
let failed = 0
const latencies = new Float64Array(count)
const started = performance.now()
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < count; i = next++) {
      const r = await post(bodies[i])
      latencies[i] = r.ms
      if (!r.ok) failed++
    }
  }),
)
const seconds = (performance.now() - started) / 1000
latencies.sort()
const pct = (p) => latencies[Math.min(count - 1, Math.floor(count * p))]
agent.destroy()
console.log(JSON.stringify({ seconds, failed, p50: pct(0.5), p99: pct(0.99) }))
