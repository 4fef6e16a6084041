import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync, chownSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import { type ExitMessage, OUTPUT_CAP_BYTES, type RunCommand } from '../contract/agents'

export interface ExecutorSink {
  output(stream: 'stdout' | 'stderr', data: string): void
  exit(result: Omit<ExitMessage, 'type' | 'commandId'>): void
}

/** Lets a still-running process group finish closing its pipes before leftovers are killed. */
const DRAIN_MS = 1000
const KILL_GRACE_MS = 1000
const FLUSH_MS = 30
const IS_WINDOWS = os.platform() === 'win32'

/** Env variables of the agent that scripts must never see. */
const PRIVATE_ENV = ['AGENT_TOKEN']

function commandLine(type: RunCommand['type'], file: string, params: string[]): [string, string[]] | string {
  if (type === 'SHELL') return IS_WINDOWS ? 'SHELL scripts need a Linux or macOS agent' : ['/bin/sh', [file, ...params]]
  if (type === 'PYTHON') return [IS_WINDOWS ? 'python' : 'python3', [file, ...params]]
  return IS_WINDOWS ? ['cmd.exe', ['/d', '/c', file, ...params]] : 'BAT scripts need a Windows agent'
}

/** uid/gid of a local user, or null when it does not exist. */
function lookupUser(user: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim())
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null
  } catch {
    return null
  }
}

/** Kills the whole process group (the script and everything it started). */
export function killTree(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return
  try {
    if (IS_WINDOWS) execFileSync('taskkill', ['/T', '/F', '/PID', String(child.pid)])
    else process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/**
 * Runs one script as a real child process in its own process group: streams output (batched, capped at
 * OUTPUT_CAP_BYTES, the rest dropped), kills the group on timeout or cancel, and reports the exit once.
 * Returns the cancel function.
 */
export function execute(cmd: RunCommand, workDir: string, sink: ExecutorSink): () => void {
  const started = Date.now()
  let settled = false
  const finish = (r: Partial<Omit<ExitMessage, 'type' | 'commandId'>>) => {
    if (settled) return
    settled = true
    sink.exit({
      exitCode: null,
      signal: null,
      timedOut: false,
      canceled: false,
      truncated: false,
      ...r,
      durationMs: Date.now() - started,
    })
  }

  let notice = ''
  let ids: { uid: number; gid: number } | undefined
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const me = os.userInfo().username
  if (cmd.user && cmd.user !== me) {
    if (isRoot) {
      const found = lookupUser(cmd.user)
      if (!found) {
        finish({ error: `execute user ${cmd.user} does not exist on this host` })
        return () => {}
      }
      ids = found
    } else {
      // Not root: we cannot switch users. Run as ourselves and say so in the log rather than fail every demo run.
      notice = `[agent] not running as root: executing as ${me} instead of ${cmd.user}\n`
    }
  }
  // Another user cannot enter the agent's work dir, so its scripts go to a private dir of its own.
  const dir = ids ? path.join(os.tmpdir(), `ops-agent-${ids.uid}`) : path.join(workDir, 'jobs')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  if (ids) chownSync(dir, ids.uid, ids.gid)
  const file = path.join(
    dir,
    `${cmd.commandId.replace(/[^\w-]/g, '_')}.${{ SHELL: 'sh', PYTHON: 'py', BAT: 'bat' }[cmd.type]}`,
  )
  const line = commandLine(cmd.type, file, cmd.params)
  if (typeof line === 'string') {
    finish({ error: line })
    return () => {}
  }
  writeFileSync(file, cmd.script, { mode: 0o700 })
  if (ids) chownSync(file, ids.uid, ids.gid)

  const env: NodeJS.ProcessEnv = { ...process.env, ...cmd.env }
  for (const k of PRIVATE_ENV) delete env[k]
  const child = spawn(line[0], line[1], {
    cwd: dir,
    env,
    detached: !IS_WINDOWS,
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
    ...ids,
  })
  if (cmd.lowPriority && child.pid !== undefined) {
    try {
      os.setPriority(child.pid, 19) // inherited by everything the script starts from here on
    } catch {
      // not permitted on this platform: run at normal priority
    }
  }

  let bytes = 0
  let truncated = false
  let buffered: { stream: 'stdout' | 'stderr'; data: string }[] = []
  let flushTimer: NodeJS.Timeout | undefined
  const flush = () => {
    flushTimer = undefined
    for (const b of buffered) sink.output(b.stream, b.data)
    buffered = []
  }
  const emit = (stream: 'stdout' | 'stderr', text: string) => {
    if (!text || truncated) return
    const size = Buffer.byteLength(text)
    if (bytes + size > OUTPUT_CAP_BYTES) {
      text = Buffer.from(text)
        .subarray(0, OUTPUT_CAP_BYTES - bytes)
        .toString('utf8')
        .replace(/\uFFFD$/, '')
      truncated = true
    }
    bytes += Buffer.byteLength(text)
    const last = buffered[buffered.length - 1]
    if (last?.stream === stream) last.data += text
    else buffered.push({ stream, data: text })
    flushTimer ??= setTimeout(flush, FLUSH_MS)
  }
  if (notice) emit('stderr', notice)
  for (const stream of ['stdout', 'stderr'] as const) {
    const decoder = new StringDecoder('utf8')
    child[stream]!.on('data', (chunk: Buffer) => emit(stream, decoder.write(chunk)))
    child[stream]!.on('end', () => emit(stream, decoder.end()))
  }

  let timedOut = false
  let canceled = false
  const stop = (why: 'timeout' | 'cancel') => {
    if (settled || timedOut || canceled) return
    if (why === 'timeout') timedOut = true
    else canceled = true
    killTree(child, 'SIGTERM')
    setTimeout(() => killTree(child, 'SIGKILL'), KILL_GRACE_MS).unref()
  }
  const timer = setTimeout(() => stop('timeout'), cmd.timeoutSec * 1000)

  const done = (code: number | null, signal: NodeJS.Signals | null) => {
    clearTimeout(timer)
    clearTimeout(flushTimer)
    flush()
    rmSync(file, { force: true })
    finish({ exitCode: code, signal, timedOut, canceled, truncated })
  }
  child.on('error', (err) => {
    clearTimeout(timer)
    rmSync(file, { force: true })
    finish({ error: `could not start ${line[0]}: ${err.message}` })
  })
  child.on('exit', (code, signal) => {
    let closed = false
    child.once('close', () => {
      closed = true
      done(code, signal)
    })
    // A background process may hold the pipes open after the script exited: give it a moment, then kill it.
    setTimeout(() => {
      if (closed) return
      killTree(child, 'SIGKILL')
      child.stdout?.destroy()
      child.stderr?.destroy()
      done(code, signal)
    }, DRAIN_MS).unref()
  })
  return () => stop('cancel')
}
