import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

/**
 * The demo fleet dies with the process that started it, even when that process is SIGKILLed (it cannot stop
 * the agents then): real agent processes, a real kill. A graceful stop (`detach`) still leaves them running for
 * the next start to adopt.
 */
const STARTER = path.join(path.dirname(new URL(import.meta.url).pathname), '../testing/demo-fleet-starter.ts')
let dataDir = ''
let pids: number[] = []

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    // A zombie (exited, not yet reaped by init) is not running.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

/** Starts the stand-in console; resolves with it and its agents' pids once the fleet is up. */
function startConsole(env: Record<string, string> = {}) {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'oc-fleet-kill-'))
  const child = spawn(process.execPath, ['--import', 'tsx', STARTER], {
    env: { ...process.env, FLEET_DATA_DIR: dataDir, FLEET_COUNT: '2', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise<{ child: ChildProcess; pids: number[] }>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      if (!out.includes('\n')) return
      pids = JSON.parse(out.split('\n')[0]!) as number[]
      resolve({ child, pids })
    })
    child.once('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`starter exited ${code}`))
    })
  })
}

async function until(what: string, ok: () => boolean, ms: number) {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error(`${what} not within ${ms} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return Date.now()
}

afterEach(() => {
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL')
  pids = []
  rmSync(dataDir, { recursive: true, force: true })
})

describe('demo fleet lifetime', () => {
  it('agents exit within seconds after the console that started them is SIGKILLed', async () => {
    const { child, pids } = await startConsole()
    expect(pids).toHaveLength(2)
    // The agents are up (and retrying a server that is not there), and stay up while their console lives.
    await new Promise((r) => setTimeout(r, 7000))
    expect(pids.map(alive)).toEqual([true, true])
    const killedAt = Date.now()
    child.kill('SIGKILL')
    const goneAt = await until('the demo agents exiting', () => pids.every((p) => !alive(p)), 10_000)
    expect(goneAt - killedAt).toBeLessThan(8000)
  }, 60_000)

  it('a graceful stop (detach) leaves them running past the lease, for the next start to adopt', async () => {
    const { child, pids } = await startConsole({ FLEET_DETACH: '1' })
    await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())))
    await new Promise((r) => setTimeout(r, 7000))
    expect(pids.map(alive)).toEqual([true, true])
  }, 60_000)
})
