// Load generator for bench/alarms.ts, run in a worker thread so that the clients do not compete with the
// server for its event loop (real alarm sources are other processes). Posts `count` requests with
// `concurrency` keep-alive clients and reports wall time, failures and latency percentiles.
import http from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'

const { url, count, concurrency, bodies } = workerData
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
parentPort.postMessage({ seconds, failed, p50: pct(0.5), p99: pct(0.99) })
