import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, openSync } from 'node:fs'
import path from 'node:path'
import type { AgentTokensService } from './agent-tokens.service'

export const DEMO_FLEET_TOKEN = 'local demo fleet'
const AGENT_MAIN = path.join(path.dirname(new URL(import.meta.url).pathname), '../../agent/main.ts')

/** Only harmless variables: the console's own (CONSOLE_ADMIN, secrets, DATABASE_URL) must not reach scripts. */
function agentEnv() {
  const keep = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR']
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]))
}

export interface DemoFleet {
  agents: { sn: string; hostname: string; child: ChildProcess }[]
  stop(): Promise<void>
}

/**
 * Starts `count` real agent processes on this machine, each with a stable agent_sn (derived from the data
 * dir and its number, so restarts reuse the same hosts), a `demo-host-NN` label and its own work dir under
 * `<dataDir>/agents/`. They enroll with a fresh token that replaces the previous start's one; the token is
 * passed in the environment, not on the command line where `ps` would show it. Logs go to `agent.log`.
 */
export async function startDemoFleet(opts: {
  count: number
  serverUrl: string
  dataDir: string
  tenantId: string
  tokens: AgentTokensService
}): Promise<DemoFleet> {
  await opts.tokens.revokeByDescription(opts.tenantId, DEMO_FLEET_TOKEN)
  const { token } = await opts.tokens.create(
    { userId: null, username: 'system', tenantId: opts.tenantId },
    { description: DEMO_FLEET_TOKEN },
  )
  const agents = Array.from({ length: opts.count }, (_, i) => {
    const n = String(i + 1).padStart(2, '0')
    const hostname = `demo-host-${n}`
    const sn = createHash('sha256').update(`demo-fleet:${opts.dataDir}:${n}`).digest('hex').slice(0, 32)
    const workDir = path.join(opts.dataDir, 'agents', hostname)
    mkdirSync(workDir, { recursive: true })
    const log = openSync(path.join(workDir, 'agent.log'), 'a')
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        AGENT_MAIN,
        '--server',
        opts.serverUrl,
        '--sn',
        sn,
        '--hostname',
        hostname,
        '--work-dir',
        workDir,
        '--exit-with-parent',
        '--demo',
      ],
      { env: { ...agentEnv(), AGENT_TOKEN: token }, stdio: ['ignore', log, log] },
    )
    return { sn, hostname, child }
  })
  return {
    agents,
    stop: () =>
      Promise.all(
        agents.map(
          ({ child }) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve()
              child.once('exit', () => resolve())
              child.kill('SIGTERM')
              setTimeout(() => {
                child.kill('SIGKILL')
                resolve()
              }, 3000).unref()
            }),
        ),
      ).then(() => undefined),
  }
}
