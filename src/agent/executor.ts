import { execFileSync, spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { RunCommand } from '../contract/agents'
import type { Exit, JournalEntry, Stream } from './command-journal'
import { OutputTail } from './output-tail'
import { ensurePrivateDir, makeRunDir } from './safe-dirs'

export interface ExecutorSink {
  output(stream: Stream, data: string, offset: number, truncated: boolean): void
  /** The process group exists (its id is what a restarted agent needs to follow it). */
  spawned(pid: number, runDir: string): void
  exit(result: Exit): void
}

/** Lets a still-running process group finish closing its pipes before leftovers are killed. */
const DRAIN_MS = 1000
const KILL_GRACE_MS = 1000
const POLL_MS = 30
const IS_WINDOWS = os.platform() === 'win32'

/** Env variables of the agent that scripts must never see. */
const PRIVATE_ENV = ['AGENT_TOKEN']

/**
 * The wrapper every script runs under: it writes the script's exit code to fd 3 (a file in the agent's
 * journal, closed for the script itself so it cannot forge it), so a restarted agent still learns how a run
 * it did not see end finished.
 */
const WRAPPER = '"$@" 3>&-; c=$?; echo $c >&3; exit $c'

function commandLine(type: RunCommand['type'], file: string, params: string[]): [string, string[]] | string {
  if (type === 'SHELL') return IS_WINDOWS ? 'SHELL scripts need a Linux or macOS agent' : ['/bin/sh', [file, ...params]]
  if (type === 'PYTHON') return [IS_WINDOWS ? 'python' : 'python3', [file, ...params]]
  return IS_WINDOWS ? ['cmd.exe', ['/d', '/c', file, ...params]] : 'BAT scripts need a Windows agent'
}

/** uid/gid of a local user, or null when it does not exist. */
export function lookupUser(user: string): { uid: number; gid: number } | null {
  try {
    const opts: { encoding: 'utf8'; stdio: ('ignore' | 'pipe')[] } = {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }
    const uid = Number(execFileSync('id', ['-u', user], opts).trim())
    const gid = Number(execFileSync('id', ['-g', user], opts).trim())
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null
  } catch {
    return null
  }
}

/** Kills a whole process group (the script and everything it started). */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals) {
  if (pid === undefined) return
  try {
    if (IS_WINDOWS) execFileSync('taskkill', ['/T', '/F', '/PID', String(pid)])
    else process.kill(-pid, signal)
  } catch {
    // already gone
  }
}

function groupAlive(pid: number) {
  try {
    process.kill(IS_WINDOWS ? pid : -pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The exit code the wrapper wrote, or null while it has not. */
function wrapperStatus(dir: string): number | null {
  try {
    const text = readFileSync(path.join(dir, 'status'), 'utf8').trim()
    return /^\d+$/.test(text) ? Number(text) : null
  } catch {
    return null
  }
}

/** Where the execute user's run dirs go: a root-owned (agent-owned) 0711 dir, checked on every run. */
export function defaultRunBase() {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'w'
  return path.join(os.tmpdir(), `ops-agent-runs-${uid}`)
}

/**
 * Follows one run to its end, whether this agent spawned it or found it in the journal after a restart:
 * tails its output files, enforces the deadline, kills the group on cancel, and reports the exit once.
 */
class RunWatch {
  private settled = false
  private timedOut = false
  private canceled = false
  private ended = false
  private readonly tail: OutputTail
  private readonly poller: NodeJS.Timeout
  private readonly deadline: NodeJS.Timeout

  constructor(
    private readonly entry: JournalEntry,
    private readonly sink: ExecutorSink,
    /** Found in the journal after a restart: not our child, so its end is learnt by polling. */
    private readonly adopted: boolean,
  ) {
    const f = (n: string) => path.join(entry.dir, n)
    this.tail = new OutputTail(
      { stdout: f('stdout'), stderr: f('stderr') },
      { ...entry.offsets },
      entry.bytes,
      entry.truncated,
      sink.output,
    )
    this.poller = setInterval(() => this.check(), POLL_MS)
    const left = entry.meta.startedAt + entry.meta.timeoutSec * 1000 - Date.now()
    this.deadline = setTimeout(() => this.stop('timeout'), Math.max(0, left))
  }

  stop(why: 'timeout' | 'cancel') {
    if (this.settled || this.timedOut || this.canceled) return
    if (why === 'timeout') this.timedOut = true
    else this.canceled = true
    killGroup(this.entry.meta.pid, 'SIGTERM')
    setTimeout(() => killGroup(this.entry.meta.pid, 'SIGKILL'), KILL_GRACE_MS).unref()
  }

  note(stream: Stream, text: string) {
    this.tail.push(stream, text)
  }

  /** Polling: new output, and (for a run found after a restart) whether the wrapper has ended. */
  private check() {
    this.tail.poll()
    if (this.ended || !this.adopted || this.entry.meta.pid === undefined) return
    const pid = this.entry.meta.pid
    const alive = groupAlive(pid)
    const code = wrapperStatus(this.entry.dir)
    if (code !== null) this.exited(code, null)
    else if (!alive)
      this.finish({ exitCode: null, signal: null, error: 'the run ended while the agent was down; exit code unknown' })
  }

  /** The wrapper ended: give leftovers of its group a moment to close, then kill them and settle. */
  exited(code: number | null, signal: NodeJS.Signals | null) {
    if (this.ended) return
    this.ended = true
    const pid = this.entry.meta.pid
    const until = Date.now() + DRAIN_MS
    const wait = () => {
      if (pid !== undefined && groupAlive(pid) && Date.now() < until) return void setTimeout(wait, POLL_MS)
      killGroup(pid, 'SIGKILL')
      this.finish({ exitCode: this.timedOut || this.canceled ? null : code, signal })
    }
    wait()
  }

  finish(r: Partial<Exit>) {
    if (this.settled) return
    this.settled = true
    clearInterval(this.poller)
    clearTimeout(this.deadline)
    this.tail.poll(true)
    this.tail.close()
    this.sink.exit({
      exitCode: null,
      signal: null,
      timedOut: this.timedOut,
      canceled: this.canceled,
      truncated: this.tail.truncated,
      ...r,
      durationMs: Date.now() - this.entry.meta.startedAt,
    })
    // Removed once the exit is on its way (removing a dir takes milliseconds on some disks).
    if (this.entry.meta.runDir) rmSync(this.entry.meta.runDir, { recursive: true, force: true })
  }
}

/**
 * Runs one script as a real process in its own process group, under a fresh run dir that cannot be
 * redirected (safe-dirs.ts), with stdout/stderr going to files in its journal dir that the agent tails
 * (capped at OUTPUT_CAP_BYTES). Kills the group on timeout or cancel and reports the exit once.
 * Returns the cancel function.
 */
export function execute(cmd: RunCommand, entry: JournalEntry, runBase: string, sink: ExecutorSink): () => void {
  const fail = (error: string) => {
    sink.exit({
      exitCode: null,
      signal: null,
      timedOut: false,
      canceled: false,
      truncated: false,
      error,
      durationMs: Date.now() - entry.meta.startedAt,
    })
    return () => {}
  }
  let notice = ''
  let ids: { uid: number; gid: number } | undefined
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const me = os.userInfo().username
  if (cmd.user && cmd.user !== me) {
    if (isRoot) {
      const found = lookupUser(cmd.user)
      if (!found) return fail(`execute user ${cmd.user} does not exist on this host`)
      ids = found
    } else {
      // Not root: we cannot switch users. Run as ourselves and say so in the log rather than fail every demo run.
      notice = `[agent] not running as root: executing as ${me} instead of ${cmd.user}\n`
    }
  }
  const name = `script.${{ SHELL: 'sh', PYTHON: 'py', BAT: 'bat' }[cmd.type]}`
  const probe = commandLine(cmd.type, name, cmd.params)
  if (typeof probe === 'string') return fail(probe)
  let run: ReturnType<typeof makeRunDir>
  let file: string
  try {
    run = makeRunDir(ensurePrivateDir(runBase, 0o711), ids)
    file = run.writeScript(name, cmd.script)
  } catch (err) {
    return fail(`refused to prepare the run dir: ${(err as Error).message}`)
  }
  const [bin, args] = commandLine(cmd.type, file, cmd.params) as [string, string[]]

  const env: NodeJS.ProcessEnv = { ...process.env, ...cmd.env }
  for (const k of PRIVATE_ENV) delete env[k]
  const fds = ['stdout', 'stderr', 'status'].map((n) => openSync(path.join(entry.dir, n), 'a', 0o600))
  const child = spawn(
    IS_WINDOWS ? bin : '/bin/sh',
    IS_WINDOWS ? args : ['-c', WRAPPER, 'ops-agent-run', bin, ...args],
    {
      cwd: run.dir,
      env,
      detached: !IS_WINDOWS,
      stdio: ['ignore', fds[0]!, fds[1]!, IS_WINDOWS ? 'ignore' : fds[2]!],
      windowsHide: true,
      ...ids,
    },
  )
  for (const fd of fds) closeSync(fd)
  if (child.pid === undefined) {
    rmSync(run.dir, { recursive: true, force: true })
    child.on('error', () => {})
    return fail(`could not start ${bin}`)
  }
  if (cmd.lowPriority) {
    try {
      os.setPriority(child.pid, 19) // inherited by everything the script starts from here on
    } catch {
      // not permitted on this platform: run at normal priority
    }
  }
  entry.meta.pid = child.pid
  entry.meta.runDir = run.dir
  sink.spawned(child.pid, run.dir)
  // The child is ours, so its exit event says how it ended (the status file is for adopted runs).
  const watch = new RunWatch(entry, sink, false)
  if (notice) watch.note('stderr', notice)
  child.on('exit', (code, signal) => watch.exited(code, signal))
  return () => watch.stop('cancel')
}

/** Follows a run a previous agent process started (found unfinished in the journal). Returns its cancel. */
export function resume(entry: JournalEntry, sink: ExecutorSink): () => void {
  const never = (error: string) => {
    sink.exit({
      exitCode: null,
      signal: null,
      timedOut: false,
      canceled: false,
      truncated: entry.truncated,
      error,
      durationMs: Date.now() - entry.meta.startedAt,
    })
    return () => {}
  }
  // The previous agent stopped between journaling the command and starting its process.
  if (entry.meta.pid === undefined) return never('the agent stopped before the run started; it did not run')
  try {
    const watch = new RunWatch(entry, sink, true)
    return () => watch.stop('cancel')
  } catch (err) {
    return never(`the run's output files are gone: ${(err as Error).message}`)
  }
}
