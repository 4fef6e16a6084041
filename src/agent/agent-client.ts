import path from 'node:path'
import WebSocket from 'ws'
import {
  AGENT_CLOSE,
  AGENT_SN_HEADER,
  AGENT_WS_PATH,
  type AgentMessage,
  GatewayMessageSchema,
  type RunCommand,
  UNKNOWN_COMMAND,
} from '../contract/agents'
import { CommandJournal, type JournalEntry } from './command-journal'
import { loadSecret, saveSecret } from './credential-file'
import { defaultRunBase, type ExecutorSink, execute, lookupUser, resume } from './executor'
import { agentUser, fetchFiles, pushFiles } from './file-push'
import { helloMessage } from './host-facts'
import { patchScan } from './patch-scan'

export interface AgentOptions {
  server: string
  /** Enrollment token: only needed until the agent has its own secret (kept in the work dir). */
  token?: string
  agentSn: string
  hostname?: string
  workDir: string
  /** Overrides the interval the gateway asks for. */
  heartbeatSec?: number
  /** Demo-fleet agent: patch scans are varied per agent (see patches/demo-mix.ts) and labelled `demo`. */
  demo?: boolean
  /** Addresses to register with instead of the machine's own (`--ip`; the demo fleet's distinct addresses). */
  ips?: string[]
  /** PEM file of the CA that signed a wss:// server's certificate. */
  ca?: Buffer
  /** Where run dirs of scripts are made (default: a root-owned 0711 dir in the system temp dir). */
  runBase?: string
  log?: (line: string) => void
}

const BACKOFF_BASE_MS = 500
const BACKOFF_MAX_MS = 15_000

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … up to 15 s, each scaled by 0.5–1. */
export function backoffMs(attempt: number, random = Math.random) {
  return Math.round(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt) * (0.5 + random() / 2))
}

/**
 * The agent's connection loop: connect with the enrollment token, send hello, heartbeat after welcome,
 * run what the gateway sends, and reconnect with backoff whenever the socket drops. Commands keep running
 * across a reconnect; the journal keeps their output and exit so a restarted gateway can `attach` to them.
 */
export class AgentClient {
  private ws: WebSocket | undefined
  private attempt = 0
  private stopped = false
  private beat: NodeJS.Timeout | undefined
  private retry: NodeJS.Timeout | undefined
  private seq = 0
  private readonly running = new Map<string, () => void>()
  private readonly journal: CommandJournal
  private readonly log: (line: string) => void
  private secret: string | undefined
  /** When the agent last lost (or has not yet had) a welcomed connection; undefined while connected. */
  private lostAt: number | undefined = Date.now()
  /** The secret was refused (e.g. the console's database was reset): try enrolling with the token once. */
  private enrollNext = false

  constructor(private readonly opts: AgentOptions) {
    this.log = opts.log ?? ((line) => console.log(`[agent ${opts.agentSn.slice(0, 8)}] ${line}`))
    this.journal = new CommandJournal(path.join(opts.workDir, 'journal'))
    this.secret = loadSecret(opts.workDir)
  }

  /** How long the agent has been without a console and without running scripts (0 otherwise). */
  orphanedMs(now = Date.now()) {
    return this.lostAt === undefined || this.running.size > 0 ? 0 : now - this.lostAt
  }

  start() {
    // Runs a previous agent process started keep going without it; follow them again from the journal.
    for (const entry of this.journal.load()) {
      this.log(`following run ${entry.meta.commandId} again after a restart`)
      this.running.set(entry.meta.commandId, resume(entry, this.sink(entry)))
    }
    this.connect()
  }

  /**
   * Disconnects. Running scripts are left running (their output goes to files in the journal), so an agent
   * restart or upgrade does not kill them; the next agent process follows them from the journal.
   */
  stop() {
    this.stopped = true
    clearTimeout(this.retry)
    clearInterval(this.beat)
    this.ws?.close(1000, 'agent stopping')
  }

  private send(msg: AgentMessage) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg))
  }

  private connect() {
    const url = new URL(AGENT_WS_PATH, this.opts.server.replace(/^http/, 'ws'))
    const useSecret = this.secret !== undefined && !(this.enrollNext && this.opts.token)
    this.enrollNext = false
    const headers: Record<string, string> = useSecret
      ? { authorization: `Bearer ${this.secret}`, [AGENT_SN_HEADER]: this.opts.agentSn }
      : { authorization: `Bearer ${this.opts.token ?? ''}` }
    const ws = new WebSocket(url, { headers, handshakeTimeout: 10_000, ...(this.opts.ca ? { ca: this.opts.ca } : {}) })
    this.ws = ws
    ws.on('open', () => ws.send(JSON.stringify(helloMessage(this.opts.agentSn, this.opts.hostname, this.opts.ips))))
    ws.on('message', (raw) => this.onMessage(raw.toString()))
    ws.on('unexpected-response', (_req, res) => {
      const why = useSecret
        ? 'agent credential refused (revoked, or unknown to this console)'
        : 'enrollment token invalid'
      this.log(`server refused the connection: HTTP ${res.statusCode}${res.statusCode === 401 ? ` (${why})` : ''}`)
      if (res.statusCode === 401 && useSecret) this.enrollNext = true
      ws.terminate()
    })
    ws.on('error', (err) => this.log(`connection error: ${err.message}`))
    ws.on('close', (code, reason) => {
      clearInterval(this.beat)
      this.lostAt ??= Date.now()
      if (this.ws !== ws || this.stopped) return
      // A refused token or agent_sn will not fix itself quickly: wait the longest delay.
      if (code === AGENT_CLOSE.unauthorized || code === AGENT_CLOSE.rejected) this.attempt = 10
      const delay = backoffMs(this.attempt++)
      this.log(`disconnected (${code} ${reason.toString()}); reconnecting in ${delay} ms`)
      this.retry = setTimeout(() => this.connect(), delay)
    })
  }

  private onMessage(text: string) {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return
    }
    const parsed = GatewayMessageSchema.safeParse(json)
    if (!parsed.success) return this.log('ignored a malformed message from the gateway')
    const msg = parsed.data
    switch (msg.type) {
      case 'welcome': {
        this.attempt = 0
        this.lostAt = undefined
        if (msg.credential) {
          saveSecret(this.opts.workDir, msg.credential)
          this.secret = msg.credential
          this.log('enrolled: kept the agent credential in the work dir; the enrollment token is no longer needed')
        }
        const every = (this.opts.heartbeatSec ?? msg.heartbeatSec) * 1000
        this.log(`registered as host ${msg.hostId}; heartbeat every ${every} ms`)
        clearInterval(this.beat)
        this.beat = setInterval(
          () => this.send({ type: 'heartbeat', seq: ++this.seq, running: this.running.size }),
          every,
        )
        return
      }
      case 'run':
        return this.run(msg.command)
      case 'attach':
        return this.attach(msg.commandId)
      case 'cancel':
        return this.running.get(msg.commandId)?.()
      case 'patch-scan':
        void patchScan(msg.commandId, { demoSn: this.opts.demo ? this.opts.agentSn : undefined }).then((r) =>
          this.send(r),
        )
        return
      case 'error':
        return this.log(`gateway: ${msg.message}`)
    }
  }

  private run(cmd: RunCommand) {
    if (this.running.has(cmd.commandId) || this.journal.get(cmd.commandId))
      return this.send({ type: 'ack', commandId: cmd.commandId, accepted: false, reason: 'command id already used' })
    let entry: JournalEntry
    try {
      entry = this.journal.start({ commandId: cmd.commandId, startedAt: Date.now(), timeoutSec: cmd.timeoutSec })
    } catch (err) {
      return this.send({ type: 'ack', commandId: cmd.commandId, accepted: false, reason: (err as Error).message })
    }
    this.send({ type: 'ack', commandId: cmd.commandId, accepted: true })
    if (cmd.push || cmd.fetch) return this.push(cmd, entry)
    let finished = false
    const sink = this.sink(entry)
    const cancel = execute(cmd, entry, this.opts.runBase ?? defaultRunBase(), {
      ...sink,
      exit: (r) => {
        finished = true
        sink.exit(r)
      },
    })
    // execute() may have settled synchronously (bad interpreter, unknown user): only track live commands.
    if (!finished) this.running.set(cmd.commandId, cancel)
  }

  /**
   * A file push: files streamed from the console (see file-push.ts) under the command's timeout; cancel aborts
   * the transfer. The owner is the push's owner (else the execute user) when the agent runs as root.
   */
  private push(cmd: RunCommand, entry: JournalEntry) {
    const sink = this.sink(entry)
    const abort = new AbortController()
    let timedOut = false
    let canceled = false
    const timer = setTimeout(() => {
      timedOut = true
      abort.abort()
    }, cmd.timeoutSec * 1000)
    this.running.set(cmd.commandId, () => {
      canceled = true
      abort.abort()
    })
    let offset = 0
    const log = (line: string) => {
      offset += Buffer.byteLength(line)
      sink.output('stdout', line, offset, false)
    }
    const owner = cmd.fetch ? '' : cmd.push!.owner || cmd.user || ''
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
    let ids: { uid: number; gid: number } | undefined
    const finish = (r: { ok: boolean; error?: string; summary?: string }) => {
      clearTimeout(timer)
      sink.exit({
        exitCode: r.ok ? 0 : 1,
        signal: null,
        timedOut,
        canceled,
        truncated: false,
        durationMs: Date.now() - entry.meta.startedAt,
        ...(r.ok ? {} : { error: r.error }),
        ...(r.summary ? { summary: r.summary } : {}),
      })
    }
    if (owner && owner !== agentUser()) {
      if (isRoot) {
        ids = lookupUser(owner) ?? undefined
        if (!ids) return finish({ ok: false, error: `execute user ${owner} does not exist on this host` })
      } else log(`[agent] not running as root: the files belong to ${agentUser()} instead of ${owner}\n`)
    }
    const headers: Record<string, string> = this.secret
      ? { authorization: `Bearer ${this.secret}`, [AGENT_SN_HEADER]: this.opts.agentSn }
      : {}
    const opts = { server: this.opts.server, ca: this.opts.ca, headers, ids, signal: abort.signal, log }
    void (cmd.fetch ? fetchFiles(cmd.fetch, opts) : pushFiles(cmd.push!, opts)).then(finish, (err) =>
      finish({ ok: false, error: (err as Error).message }),
    )
  }

  /** Where a run's output and exit go: the on-disk journal first, then the gateway (if connected). */
  private sink(entry: JournalEntry): ExecutorSink {
    const commandId = entry.meta.commandId
    return {
      spawned: () => this.journal.saveMeta(entry),
      output: (stream, data, offset, truncated) => {
        const at = Date.now()
        this.journal.output(entry, stream, data, offset, truncated, at)
        this.send({ type: 'output', commandId, stream, data, at })
      },
      exit: (r) => {
        this.running.delete(commandId)
        this.journal.finish(entry, r)
        this.send({ type: 'exit', commandId, ...r })
        this.journal.tidy(entry)
      },
    }
  }

  /** Replays a known command's output (and exit, if it ended) to a gateway that lost track of it. */
  private attach(commandId: string) {
    const entry = this.journal.get(commandId)
    if (!entry) return this.send({ type: 'ack', commandId, accepted: false, reason: UNKNOWN_COMMAND })
    this.send({ type: 'ack', commandId, accepted: true })
    for (const c of entry.chunks) this.send({ type: 'output', commandId, stream: c.stream, data: c.data, at: c.at })
    if (entry.exit) this.send({ type: 'exit', commandId, ...entry.exit })
  }
}
