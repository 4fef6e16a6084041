import { execFileSync } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { RunCommandSchema } from '../contract/agents'
import { backoffMs } from './agent-client'
import { CommandJournal } from './command-journal'
import { execute, type ExecutorSink, resume } from './executor'

const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix))
const isRoot = process.getuid?.() === 0

type Exit = Parameters<ExecutorSink['exit']>[0]

function sinkOf(journal: CommandJournal, entry: ReturnType<CommandJournal['start']>) {
  const out: string[] = []
  let resolve!: (v: { out: string; exit: Exit }) => void
  const done = new Promise<{ out: string; exit: Exit }>((r) => {
    resolve = r
  })
  const sink: ExecutorSink = {
    spawned: () => journal.saveMeta(entry),
    output: (s, d, o, t) => {
      out.push(d)
      journal.output(entry, s, d, o, t)
    },
    exit: (exit) => {
      journal.finish(entry, exit)
      resolve({ out: out.join(''), exit })
    },
  }
  return { sink, done }
}

function run(
  input: Partial<Parameters<typeof RunCommandSchema.parse>[0]>,
  opts: { runBase?: string; workDir?: string } = {},
) {
  const cmd = RunCommandSchema.parse({
    commandId: `t-${Math.random().toString(36).slice(2)}`,
    type: 'SHELL',
    script: 'true',
    timeoutSec: 5,
    ...input,
  })
  const workDir = opts.workDir ?? tmp('oc-exec-')
  const journal = new CommandJournal(path.join(workDir, 'journal'))
  const entry = journal.start({ commandId: cmd.commandId, startedAt: Date.now(), timeoutSec: cmd.timeoutSec })
  const { sink, done } = sinkOf(journal, entry)
  execute(cmd, entry, opts.runBase ?? path.join(tmp('oc-base-'), 'runs'), sink)
  return done
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
    if (isRoot) {
      expect((await run({ user: 'no-such-user-oc' })).exit.error).toMatch(/does not exist/)
    } else {
      expect((await run({ user: 'root', script: 'echo ok' })).out).toMatch(/not running as root/)
    }
  })

  it('finishes when the script exits even if a background child keeps the output open', async () => {
    const started = Date.now()
    const r = await run({ script: 'sleep 20 & echo started' })
    expect(r.out).toBe('started\n')
    expect(r.exit.exitCode).toBe(0)
    expect(Date.now() - started).toBeLessThan(5000)
  })
})

describe('run directories (attack: a local user redirects the run dir)', () => {
  it('refuses a planted symlink instead of following it, and chowns nothing', async () => {
    const victim = tmp('oc-victim-')
    const before = statSync(victim)
    const base = path.join(tmp('oc-plant-'), 'ops-agent-runs')
    symlinkSync(victim, base)
    const r = await run({ script: 'echo should-not-run', user: isRoot ? 'nobody' : undefined }, { runBase: base })
    expect(r.exit.error).toMatch(/refused to prepare the run dir: .*symlink/)
    expect(r.out).toBe('')
    expect(readdirSync(victim)).toEqual([])
    expect(statSync(victim).uid).toBe(before.uid)
  })

  it('refuses a base dir squatted by another user or writable by others', async () => {
    const parent = tmp('oc-squat-')
    const base = path.join(parent, 'runs')
    mkdirSync(base, { mode: 0o777 })
    execFileSync('chmod', ['0777', base])
    expect((await run({ script: 'echo x' }, { runBase: base })).exit.error).toMatch(/writable by group or others/)
    if (isRoot) {
      const owned = path.join(parent, 'owned')
      mkdirSync(owned, { mode: 0o711 })
      execFileSync('chown', ['nobody', owned])
      expect((await run({ script: 'echo x' }, { runBase: owned })).exit.error).toMatch(/owned by uid/)
    }
  })

  it('runs in a fresh mkdtemp dir owned by the execute user under a 0711 base, removed afterwards', async () => {
    const parent = tmp('oc-base-')
    execFileSync('chmod', ['0755', parent]) // like /tmp: the execute user may pass through
    const base = path.join(parent, 'runs')
    const r = await run({ script: 'pwd; stat -c %U .', user: isRoot ? 'nobody' : undefined }, { runBase: base })
    const [cwd, owner] = r.out.trim().split('\n')
    expect(path.dirname(cwd!)).toBe(base)
    expect(path.basename(cwd!)).toMatch(/^run-\w{6}$/)
    if (isRoot) expect(owner).toBe('nobody')
    expect(lstatSync(base).mode & 0o777).toBe(0o711)
    expect(existsSync(cwd!)).toBe(false)
  })
})

describe('command journal on disk', () => {
  it('lets a new agent process follow a run the previous one started: output and exit', async () => {
    const workDir = tmp('oc-journal-')
    const root = path.join(workDir, 'journal')
    const cmd = RunCommandSchema.parse({
      commandId: 'restart-1',
      type: 'SHELL',
      script: 'echo before; sleep 1.5; echo after; exit 7',
      timeoutSec: 30,
    })
    const first = new CommandJournal(root)
    const entry = first.start({ commandId: cmd.commandId, startedAt: Date.now(), timeoutSec: cmd.timeoutSec })
    const a = sinkOf(first, entry)
    // The first agent "dies" after half a second: it records nothing more and never sees the exit.
    let dead = false
    execute(cmd, entry, path.join(tmp('oc-base-'), 'runs'), {
      spawned: a.sink.spawned,
      output: (...args) => !dead && a.sink.output(...args),
      exit: () => {},
    })
    await new Promise((r) => setTimeout(r, 500))
    dead = true
    const second = new CommandJournal(root)
    const [unfinished] = second.load()
    expect(unfinished!.meta.commandId).toBe('restart-1')
    expect(unfinished!.chunks).toEqual([{ stream: 'stdout', data: 'before\n', at: expect.any(Number) }])
    const b = sinkOf(second, unfinished!)
    resume(unfinished!, b.sink)
    const r = await b.done
    expect(r.out).toBe('after\n')
    expect(r.exit).toMatchObject({ exitCode: 7, timedOut: false })
    // A third process finds it finished, with the whole output.
    const third = new CommandJournal(root)
    expect(third.load()).toEqual([])
    // With the time each piece was read: `after` came 1.5 s later, so it keeps its own time.
    const done = third.get('restart-1')!
    expect(done).toMatchObject({ exit: { exitCode: 7 } })
    expect(done.chunks.map((c) => c.data).join('')).toBe('before\nafter\n')
    expect(done.chunks.map((c) => c.stream)).toEqual(['stdout', 'stdout'])
    expect(done.chunks[1]!.at! - done.chunks[0]!.at!).toBeGreaterThanOrEqual(1000)
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
