import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../../..')
export const AGENT_MAIN = path.join(ROOT, 'src/agent/main.ts')

export interface AgentProcess {
  child: ChildProcess
  workDir: string
  logs: string[]
  stop(): Promise<void>
}

/** Spawns a real agent process (`src/agent/main.ts` under the current Node 22 with tsx's loader) against `server`. */
export function spawnAgent(opts: {
  server: string
  token: string
  sn: string
  hostname?: string
  /** Addresses the agent registers with (`--ip`). */
  ip?: string
  heartbeatSec?: number
  env?: Record<string, string>
}): AgentProcess {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'oc-agent-'))
  // `--import tsx` keeps the agent one process (tsx's CLI would add a parent), so signals reach it directly.
  const args = [
    '--import',
    'tsx',
    AGENT_MAIN,
    '--server',
    opts.server,
    '--token',
    opts.token,
    '--sn',
    opts.sn,
    '--work-dir',
    workDir,
    '--hostname',
    opts.hostname ?? `host-${opts.sn}`,
  ]
  if (opts.ip) args.push('--ip', opts.ip)
  if (opts.heartbeatSec) args.push('--heartbeat', String(opts.heartbeatSec))
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  })
  const logs: string[] = []
  child.stdout!.on('data', (d: Buffer) => logs.push(d.toString()))
  child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()))
  return {
    child,
    workDir,
    logs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
        setTimeout(() => child.kill('SIGKILL'), 3000).unref()
      }),
  }
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v) return v as NonNullable<T>
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
