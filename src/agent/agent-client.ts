import WebSocket from 'ws'
import {
  AGENT_CLOSE,
  AGENT_WS_PATH,
  type AgentMessage,
  GatewayMessageSchema,
  type RunCommand,
  UNKNOWN_COMMAND,
} from '../contract/agents'
import { CommandJournal } from './command-journal'
import { execute } from './executor'
import { helloMessage } from './host-facts'
import { patchScan } from './patch-scan'

export interface AgentOptions {
  server: string
  token: string
  agentSn: string
  hostname?: string
  workDir: string
  /** Overrides the interval the gateway asks for. */
  heartbeatSec?: number
  /** Demo-fleet agent: patch scans are varied per agent (see patches/demo-mix.ts) and labelled `demo`. */
  demo?: boolean
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
  private readonly journal = new CommandJournal()
  private readonly log: (line: string) => void

  constructor(private readonly opts: AgentOptions) {
    this.log = opts.log ?? ((line) => console.log(`[agent ${opts.agentSn.slice(0, 8)}] ${line}`))
  }

  start() {
    this.connect()
  }

  stop() {
    this.stopped = true
    clearTimeout(this.retry)
    clearInterval(this.beat)
    for (const cancel of this.running.values()) cancel()
    this.ws?.close(1000, 'agent stopping')
  }

  private send(msg: AgentMessage) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg))
  }

  private connect() {
    const url = new URL(AGENT_WS_PATH, this.opts.server.replace(/^http/, 'ws'))
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${this.opts.token}` }, handshakeTimeout: 10_000 })
    this.ws = ws
    ws.on('open', () => ws.send(JSON.stringify(helloMessage(this.opts.agentSn, this.opts.hostname))))
    ws.on('message', (raw) => this.onMessage(raw.toString()))
    ws.on('unexpected-response', (_req, res) => {
      this.log(
        `server refused the connection: HTTP ${res.statusCode}` +
          (res.statusCode === 401 ? ' (enrollment token invalid)' : ''),
      )
      ws.terminate()
    })
    ws.on('error', (err) => this.log(`connection error: ${err.message}`))
    ws.on('close', (code, reason) => {
      clearInterval(this.beat)
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
    if (this.running.has(cmd.commandId))
      return this.send({ type: 'ack', commandId: cmd.commandId, accepted: false, reason: 'duplicate command id' })
    if (this.journal.get(cmd.commandId))
      return this.send({ type: 'ack', commandId: cmd.commandId, accepted: false, reason: 'command id already used' })
    this.send({ type: 'ack', commandId: cmd.commandId, accepted: true })
    this.journal.start(cmd.commandId)
    let finished = false
    const cancel = execute(cmd, this.opts.workDir, {
      output: (stream, data) => {
        this.journal.output(cmd.commandId, stream, data)
        this.send({ type: 'output', commandId: cmd.commandId, stream, data })
      },
      exit: (r) => {
        finished = true
        this.running.delete(cmd.commandId)
        this.journal.finish(cmd.commandId, r)
        this.send({ type: 'exit', commandId: cmd.commandId, ...r })
      },
    })
    // execute() may have settled synchronously (bad interpreter, unknown user): only track live commands.
    if (!finished) this.running.set(cmd.commandId, cancel)
  }

  /** Replays a known command's output (and exit, if it ended) to a gateway that lost track of it. */
  private attach(commandId: string) {
    const entry = this.journal.get(commandId)
    if (!entry) return this.send({ type: 'ack', commandId, accepted: false, reason: UNKNOWN_COMMAND })
    this.send({ type: 'ack', commandId, accepted: true })
    for (const c of entry.chunks) this.send({ type: 'output', commandId, stream: c.stream, data: c.data })
    if (entry.exit) this.send({ type: 'exit', commandId, ...entry.exit })
  }
}
