import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { AgentClient } from './agent-client'
import { loadSecret } from './credential-file'
import { loadAgentSn } from './host-facts'
import { transportWarning } from './transport-warning'

const USAGE = `usage: npm run agent -- --server URL [--token TOKEN] [--ca CA.pem] [--sn AGENT_SN] [--hostname NAME] [--ip A,B]
    [--work-dir DIR] [--run-dir DIR] [--heartbeat SEC] [--demo]
  The enrollment token (also AGENT_TOKEN in the environment) is needed only until the agent has enrolled:
  then it connects with its own secret, kept in <work-dir>/agent.secret.`

/** `npm run agent -- --server http://127.0.0.1:8080 --token oca_…`: the host agent process. */
export function main(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      ca: { type: 'string' },
      sn: { type: 'string' },
      hostname: { type: 'string' },
      ip: { type: 'string' },
      'work-dir': { type: 'string' },
      'run-dir': { type: 'string' },
      heartbeat: { type: 'string' },
      'exit-with-parent': { type: 'boolean' },
      'exit-when-orphaned': { type: 'string' },
      'lease-file': { type: 'string' },
      demo: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  })
  const token = values.token ?? process.env.AGENT_TOKEN
  const workDir = path.resolve(values['work-dir'] ?? 'var/agent')
  mkdirSync(workDir, { recursive: true, mode: 0o700 })
  if (values.help || !values.server || !(token || loadSecret(workDir))) {
    console.error(USAGE)
    process.exit(values.help ? 0 : 2)
  }
  const warning = transportWarning(values.server)
  if (warning) console.error(`WARNING: ${warning}`)
  // A demo agent's "installed" updates (patch_install records them here; its scans report them installed).
  if (values.demo) process.env.OC_DEMO_PATCH_FILE = path.join(workDir, 'demo-patched.txt')
  const client = new AgentClient({
    server: values.server,
    token,
    agentSn: loadAgentSn(workDir, values.sn),
    hostname: values.hostname,
    ips: values.ip
      ? values.ip
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    workDir,
    runBase: values['run-dir'] ? path.resolve(values['run-dir']) : undefined,
    ca: values.ca ? readFileSync(values.ca) : undefined,
    heartbeatSec: values.heartbeat ? Number(values.heartbeat) : undefined,
    demo: values.demo,
  })
  const shutdown = () => {
    client.stop()
    setTimeout(() => process.exit(0), 200).unref()
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
  if (values['exit-with-parent']) {
    // Agents that must die with the process that started them even when it is killed without a chance to stop them.
    const parent = process.ppid
    setInterval(() => {
      if (process.ppid !== parent) shutdown()
    }, 1000).unref()
  }
  const orphanSec = Number(values['exit-when-orphaned'] ?? 0)
  if (orphanSec > 0) {
    // Demo fleet agents outlive a console restart, but not a console that is gone for good.
    setInterval(() => {
      if (client.orphanedMs() > orphanSec * 1000) shutdown()
    }, 5000).unref()
  }
  const leaseFile = values['lease-file']
  if (leaseFile) {
    // Demo fleet agents: the console that started them keeps a lease (an expiry in ms) fresh while it lives;
    // once it has run out (the console was killed without stopping its fleet) the agent exits within seconds.
    setInterval(() => {
      if (leaseExpired(leaseFile)) shutdown()
    }, 500).unref()
  }
  client.start()
}

/** The lease file is gone, unreadable or holds an expiry in the past. */
function leaseExpired(file: string, now = Date.now()) {
  try {
    const until = Number(readFileSync(file, 'utf8'))
    return !(until > now)
  } catch {
    return true
  }
}

main()
