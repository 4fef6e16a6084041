// Load generator for bench/lists.ts, run as its own process so the clients never share a core's event loop
// with a server under test. Argument: one JSON object
//   { url, headers, mode: 'closed', count, concurrency }  — `concurrency` keep-alive clients, `count` requests
//   { url, headers, mode: 'open', rate, seconds }         — one request every 1/rate s, whatever the answers
// Prints one JSON line: { sent, failed, seconds, rps, p50, p99, cpuMs } (latencies in ms; in open mode measured from
// the moment a request was due, so a stalled server cannot hide its queue: no coordinated omission).
import http from 'node:http'

const spec = JSON.parse(process.argv[2])
const target = new URL(spec.url)
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.mode === 'closed' ? spec.concurrency : Infinity })

function get(due) {
  return new Promise((resolve) => {
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, agent, headers: spec.headers },
      (res) => {
        res.resume()
        res.on('end', () => resolve({ ok: res.statusCode === 200, ms: performance.now() - due }))
      },
    )
    req.on('error', () => resolve({ ok: false, ms: performance.now() - due }))
    req.end()
  })
}

const latencies = []
let failed = 0
const record = (r) => {
  latencies.push(r.ms)
  if (!r.ok) failed++
}
const started = performance.now()
if (spec.mode === 'closed') {
  let next = 0
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      while (next++ < spec.count) record(await get(performance.now()))
    }),
  )
} else {
  const total = Math.round(spec.rate * spec.seconds)
  const pending = []
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / spec.rate
    const wait = due - performance.now()
    if (wait > 1) await new Promise((r) => setTimeout(r, wait))
    pending.push(get(due).then(record))
  }
  await Promise.all(pending)
}
const seconds = (performance.now() - started) / 1000
latencies.sort((a, b) => a - b)
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]
agent.destroy()
console.log(
  JSON.stringify({
    sent: latencies.length,
    failed,
    seconds,
    rps: latencies.length / seconds,
    p50: pct(0.5),
    p99: pct(0.99),
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  }),
)
