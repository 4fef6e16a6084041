// A pool of real agents in one process (each its own WebSocket, agent_sn and work dir; each command a real
// child process), so the execution bench can stand up 200 hosts without 200 Node runtimes.
// Usage: tsx bench/agent-pool.ts SERVER TOKEN PREFIX COUNT
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { AgentClient } from '../src/agent/agent-client'

const [server, token, prefix, count] = process.argv.slice(2)
const clients = Array.from(
  { length: Number(count) },
  (_, i) =>
    new AgentClient({
      server: server!,
      token: token!,
      agentSn: `${prefix}${String(i).padStart(3, '0')}`,
      hostname: `${prefix}-${i}`,
      workDir: mkdtempSync(path.join(tmpdir(), 'oc-bench-agent-')),
      log: () => {},
    }),
)
for (const c of clients) c.start()
const stop = () => {
  for (const c of clients) c.stop()
  setTimeout(() => process.exit(0), 200).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent) stop()
}, 1000).unref()
