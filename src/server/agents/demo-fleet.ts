import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export const DEMO_FLEET_TOKEN = 'local demo fleet'
const AGENT_MAIN = path.join(path.dirname(new URL(import.meta.url).pathname), '../../agent/main.ts')
/** A demo agent left without a console this long (and running nothing) exits on its own. */
const ORPHAN_EXIT_SEC = 300
/**
 * The fleet's lease: while the process that started the fleet lives it pushes the expiry in
 * `<dataDir>/agents/console.lease` forward every second; a demo agent whose lease has run out exits (within
 * `LEASE_TTL_MS` + its 0.5 s check). So a console killed outright (SIGKILL, OOM) takes its fleet with it in a
 * few seconds instead of leaving agents that retry for minutes, while a graceful stop hands out a long lease
 * (`detach`) and the next start adopts the agents, as before.
 */
const LEASE_TTL_MS = 5000
const LEASE_REFRESH_MS = 1000
/** One refresher per lease file in this process (a second start in the same process replaces the first). */
const refreshers = new Map<string, NodeJS.Timeout>()

/** Writes the lease expiry atomically (an agent never reads a half-written file as "expired"). */
function writeLease(file: string, untilMs: number) {
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, String(untilMs))
  renameSync(tmp, file)
}

function stopRefreshing(file: string) {
  clearInterval(refreshers.get(file))
  refreshers.delete(file)
}

/** Keeps the fleet's lease alive from this process until `stopRefreshing` (or this process dies). */
function keepLease(file: string) {
  stopRefreshing(file)
  writeLease(file, Date.now() + LEASE_TTL_MS)
  const timer = setInterval(() => {
    try {
      writeLease(file, Date.now() + LEASE_TTL_MS)
    } catch {
      // The data dir went away (a test's temp dir): nothing left to keep alive.
      stopRefreshing(file)
    }
  }, LEASE_REFRESH_MS)
  timer.unref()
  refreshers.set(file, timer)
}

/** Only harmless variables: the console's own (CONSOLE_ADMIN, secrets, DATABASE_URL) must not reach scripts. */
function agentEnv() {
  const keep = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR']
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]))
}

/** What the fleet needs of AgentTokensService: a fresh enrollment token that replaces the previous start's. */
export type FleetTokens = {
  revokeByDescription(tenantId: string, description: string): Promise<unknown>
  create(
    actor: { userId: null; username: string; tenantId: string },
    body: { description: string },
  ): Promise<{ token: string }>
}

export interface DemoFleet {
  agents: { sn: string; hostname: string; pid: number; adopted: boolean }[]
  /** Stops every agent of the fleet (not done on a console restart: see startDemoFleet). */
  stop(): Promise<void>
  /**
   * A graceful stop that leaves the fleet running for the next start to adopt: the lease is extended to the
   * orphan limit (the agents exit after it unless a console starts the fleet again).
   */
  detach(): void
}

/** The pid of a live demo agent of `workDir` (checked against its command line, so a reused pid is not taken). */
function livePid(workDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(workDir, 'agent.pid'), 'utf8'))
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    return cmdline.includes(AGENT_MAIN) && cmdline.includes(workDir) ? pid : undefined
  } catch {
    return undefined
  }
}

function stopPid(pid: number) {
  return new Promise<void>((resolve) => {
    const alive = () => {
      try {
        process.kill(pid, 0)
        return true
      } catch {
        return false
      }
    }
    if (!alive()) return resolve()
    process.kill(pid, 'SIGTERM')
    const until = Date.now() + 3000
    const check = setInterval(() => {
      if (alive() && Date.now() < until) return
      clearInterval(check)
      if (alive()) process.kill(pid, 'SIGKILL')
      resolve()
    }, 50)
  })
}

/**
 * Starts `count` real agent processes on this machine, each with a stable agent_sn (derived from the data
 * dir and its number, so restarts reuse the same hosts), a `demo-host-NN` label and its own work dir under
 * `<dataDir>/agents/`. The fleet outlives a console stopped gracefully (`detach`), like agents on real hosts: on a console restart the
 * agents that are still running are adopted (their pid is kept in the work dir), keep running their scripts,
 * reconnect with their own credentials and let the engine re-attach; only missing ones are started. Agents
 * beyond `count` are stopped. New agents enroll with a fresh token (in the environment, not in argv where
 * `ps` would show it) that replaces the previous start's one. A demo agent without a console for 5 minutes
 * exits. A console that dies without stopping (SIGKILL) takes its fleet with it within a few seconds: the
 * agents follow a lease this process keeps alive (see LEASE_TTL_MS). Logs go to `agent.log`.
 */
export async function startDemoFleet(opts: {
  count: number
  serverUrl: string
  dataDir: string
  tenantId: string
  tokens: FleetTokens
}): Promise<DemoFleet> {
  await opts.tokens.revokeByDescription(opts.tenantId, DEMO_FLEET_TOKEN)
  const { token } = await opts.tokens.create(
    { userId: null, username: 'system', tenantId: opts.tenantId },
    { description: DEMO_FLEET_TOKEN },
  )
  const root = path.join(opts.dataDir, 'agents')
  mkdirSync(root, { recursive: true })
  const lease = path.join(root, 'console.lease')
  keepLease(lease)
  const names = Array.from({ length: opts.count }, (_, i) => `demo-host-${String(i + 1).padStart(2, '0')}`)
  // Agents of a larger fleet from an earlier start.
  for (const extra of readdirSync(root).filter((n) => n.startsWith('demo-host-') && !names.includes(n))) {
    const pid = livePid(path.resolve(root, extra))
    if (pid) await stopPid(pid)
  }
  const agents = names.map((hostname) => {
    const n = hostname.slice('demo-host-'.length)
    const sn = createHash('sha256').update(`demo-fleet:${opts.dataDir}:${n}`).digest('hex').slice(0, 32)
    const workDir = path.resolve(root, hostname)
    mkdirSync(workDir, { recursive: true, mode: 0o700 })
    const running = livePid(workDir)
    if (running) return { sn, hostname, pid: running, adopted: true }
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
        '--ip',
        demoIp(Number(n)),
        '--work-dir',
        workDir,
        '--exit-when-orphaned',
        String(ORPHAN_EXIT_SEC),
        '--lease-file',
        lease,
        '--demo',
      ],
      // Own process group: a Ctrl-C meant for the console does not reach the agents.
      { env: { ...agentEnv(), AGENT_TOKEN: token }, stdio: ['ignore', log, log], detached: true },
    )
    child.unref()
    writeFileSync(path.join(workDir, 'agent.pid'), String(child.pid))
    return { sn, hostname, pid: child.pid!, adopted: false }
  })
  return {
    agents,
    stop: async () => {
      stopRefreshing(lease)
      await Promise.all(agents.map((a) => stopPid(a.pid)))
      for (const a of agents) rmSync(path.join(root, a.hostname, 'agent.pid'), { force: true })
      rmSync(lease, { force: true })
    },
    detach: () => {
      stopRefreshing(lease)
      writeLease(lease, Date.now() + ORPHAN_EXIT_SEC * 1000)
    },
  }
}

/**
 * A distinct address per demo agent (hosts are addressed by cloud area + IP in the job API): 127.10.x.y, real
 * loopback addresses of this machine, demo-host-01 = 127.10.0.1.
 */
export function demoIp(n: number) {
  return `127.10.${Math.floor(n / 256)}.${n % 256}`
}

/** Stops a fleet left running by an earlier start (when this start runs none). */
export async function stopLeftoverFleet(dataDir: string) {
  const root = path.join(dataDir, 'agents')
  if (!existsSync(root)) return
  for (const name of readdirSync(root).filter((n) => n.startsWith('demo-host-'))) {
    const pid = livePid(path.resolve(root, name))
    if (pid) await stopPid(pid)
  }
}
