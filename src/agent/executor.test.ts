import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { RunCommandSchema } from '../contract/agents'
import { backoffMs } from './agent-client'
import { execute, type ExecutorSink } from './executor'

function run(input: Partial<Parameters<typeof RunCommandSchema.parse>[0]>) {
  const cmd = RunCommandSchema.parse({
    commandId: `t-${Math.random().toString(36).slice(2)}`,
    type: 'SHELL',
    script: 'true',
    timeoutSec: 5,
    ...input,
  })
  const out: string[] = []
  return new Promise<{ out: string; exit: Parameters<ExecutorSink['exit']>[0] }>((resolve) => {
    execute(cmd, mkdtempSync(path.join(os.tmpdir(), 'oc-exec-')), {
      output: (_s, d) => out.push(d),
      exit: (exit) => resolve({ out: out.join(''), exit }),
    })
  })
}

describe('executor', () => {
  it('passes params and env, and never leaks the agent token to scripts', async () => {
    process.env.AGENT_TOKEN = 'oca_secret'
    try {
      const r = await run({
        script: 'echo "$1|$GREETING|${AGENT_TOKEN:-none}"',
        params: ['p1'],
        env: { GREETING: 'hi' },
      })
      expect(r.out).toBe('p1|hi|none\n')
      expect(r.exit.exitCode).toBe(0)
    } finally {
      delete process.env.AGENT_TOKEN
    }
  })

  it('refuses BAT scripts on a non-Windows agent and unknown execute users', async () => {
    if (os.platform() === 'win32') return
    expect((await run({ type: 'BAT', script: 'echo hi' })).exit).toMatchObject({
      exitCode: null,
      error: 'BAT scripts need a Windows agent',
    })
    if (process.getuid?.() === 0) {
      expect((await run({ user: 'no-such-user-oc' })).exit.error).toMatch(/does not exist/)
    } else {
      expect((await run({ user: 'root', script: 'echo ok' })).out).toMatch(/not running as root/)
    }
  })

  it('finishes when the script exits even if a background child keeps the pipes open', async () => {
    const started = Date.now()
    const r = await run({ script: 'sleep 20 & echo started' })
    expect(r.out).toBe('started\n')
    expect(r.exit.exitCode).toBe(0)
    expect(Date.now() - started).toBeLessThan(5000)
  })
})

describe('reconnect backoff', () => {
  it('doubles from 0.5 s up to 15 s with jitter between half and full', () => {
    expect(backoffMs(0, () => 1)).toBe(500)
    expect(backoffMs(1, () => 1)).toBe(1000)
    expect(backoffMs(3, () => 0)).toBe(2000)
    expect(backoffMs(20, () => 1)).toBe(15_000)
  })
})
