import path from 'node:path'
import { parseArgs } from 'node:util'
import { AgentClient } from './agent-client'
import { loadAgentSn } from './host-facts'

const USAGE = `usage: npm run agent -- --server URL --token TOKEN [--sn AGENT_SN] [--hostname NAME]
    [--work-dir DIR] [--heartbeat SEC] [--demo]
  The token may also come from the AGENT_TOKEN environment variable.`

/** `npm run agent -- --server http://127.0.0.1:8080 --token oca_…`: the host agent process. */
export function main(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      sn: { type: 'string' },
      hostname: { type: 'string' },
      'work-dir': { type: 'string' },
      heartbeat: { type: 'string' },
      'exit-with-parent': { type: 'boolean' },
      demo: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  })
  const token = values.token ?? process.env.AGENT_TOKEN
  if (values.help || !values.server || !token) {
    console.error(USAGE)
    process.exit(values.help ? 0 : 2)
  }
  const workDir = path.resolve(values['work-dir'] ?? 'var/agent')
  const client = new AgentClient({
    server: values.server,
    token,
    agentSn: loadAgentSn(workDir, values.sn),
    hostname: values.hostname,
    workDir,
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
    // Demo fleet agents die with the console even when it is killed without a chance to stop them.
    const parent = process.ppid
    setInterval(() => {
      if (process.ppid !== parent) shutdown()
    }, 1000).unref()
  }
  client.start()
}

main()
