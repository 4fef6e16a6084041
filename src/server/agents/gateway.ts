import { randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'
import type { WebSocket } from 'ws'
import {
  AGENT_CLOSE,
  AGENT_PROTOCOL_VERSION,
  AgentMessageSchema,
  type HelloMessage,
  RunCommandSchema,
  UNKNOWN_COMMAND,
} from '../../contract/agents'
import type { PatchScanResult } from '../../contract/patch-scan'
import type { z } from 'zod'
import type { Db } from '../db/client'
import type { AuditService } from '../modules/audit/audit.service'
import type { CmdbService } from '../modules/cmdb/cmdb.service'
import type { AgentAuth, AgentCredentialsService } from './agent-credentials.service'
import { AgentSession, AgentUnavailableError } from './agent-session'
import { type CommandHandle, type OutputChunk, PendingCommand } from './command-stream'
import type { Log } from '../lib/log'

export { AgentUnavailableError }

/** `attach` to a command the agent does not know: it never received it, or it restarted since. */
export class UnknownCommandError extends AgentUnavailableError {}
export type { CommandExit, CommandHandle, OutputChunk } from './command-stream'

export interface GatewayOptions {
  /** Interval the agents are told to heartbeat at. */
  heartbeatSec: number
  /** An agent is OFFLINE after this many missed heartbeats. */
  missedBeats: number
  /** How long an agent has to acknowledge a command. */
  ackTimeoutMs?: number
}

/** Emitted on `gateway.events` as `'status'` whenever an agent turns online or offline. */
export interface AgentStatusEvent {
  tenantId: string
  hostId: number
  agentSn: string
  status: 'online' | 'offline'
}

/** What `runCommand` takes: the RunCommand wire fields minus the id, which the gateway assigns. */
export type RunCommandInput = Omit<z.input<typeof RunCommandSchema>, 'commandId'>

const HELLO_TIMEOUT_MS = 10_000

/**
 * The agent gateway: one WebSocket per agent, registered into the CMDB on `hello`, ONLINE while heartbeats
 * arrive, OFFLINE when the socket closes or `missedBeats` heartbeats are missed. The typed API below
 * (`runCommand`, `cancel`, `patchScan`) is what the execution engine and the patch module build on.
 * Sessions live in this process; `AgentDispatch` routes commands for agents held by other replicas.
 *
 * @example
 * const run = await services.agentGateway.runCommand(host.agentSn, { type: 'SHELL', script: 'echo $1', params: ['hi'],
 *   timeoutSec: 60, user: 'root' }, { tenantId: principal.tenantId })
 * for await (const chunk of run.output) log.append(chunk.stream, chunk.data)   // ends when the process exits
 * const exit = await run.exit   // { exitCode, timedOut, canceled, truncated, lost, error? }
 */
export class AgentGateway {
  readonly events = new EventEmitter<{ status: [AgentStatusEvent] }>()
  private readonly sessions = new Map<string, AgentSession>()
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    readonly options: GatewayOptions,
    private readonly log: Log,
    private readonly credentials: AgentCredentialsService,
    private readonly hosts: Pick<
      CmdbService,
      'upsertAgentHost' | 'markAgentOffline' | 'markAgentsSeen' | 'sweepStaleAgents'
    >,
  ) {}

  get offlineAfterMs() {
    return this.options.heartbeatSec * this.options.missedBeats * 1000
  }

  /** Starts the heartbeat flush and the offline sweep. */
  start() {
    const tick = () => void this.tick().catch((err) => this.log.warn({ err }, 'agent heartbeat sweep failed'))
    this.timer ??= setInterval(tick, Math.max(100, this.options.heartbeatSec * 1000))
    this.timer.unref()
  }

  /** Closes every session (agents reconnect to another or the restarted BFF) and stops the timers. */
  stop() {
    clearInterval(this.timer)
    this.timer = undefined
    for (const s of this.sessions.values()) s.socket.close(1001, 'server shutting down')
  }

  isConnected(agentSn: string) {
    return this.sessions.has(agentSn)
  }

  connectedAgents(tenantId?: string): string[] {
    return [...this.sessions.values()].filter((s) => !tenantId || s.tenantId === tenantId).map((s) => s.agentSn)
  }

  /** Handles a freshly upgraded socket whose enrollment token or agent secret resolved to `auth`. */
  accept(socket: WebSocket, auth: AgentAuth) {
    let session: AgentSession | undefined
    const helloTimer = setTimeout(() => socket.close(AGENT_CLOSE.rejected, 'no hello'), HELLO_TIMEOUT_MS)
    let queue = Promise.resolve()
    socket.on('message', (raw) => {
      // Messages are handled in order: output must not overtake the hello's registration or each other.
      queue = queue
        .then(async () => {
          const parsed = AgentMessageSchema.safeParse(safeJson(raw.toString()))
          if (!parsed.success) {
            this.log.warn(
              { agentSn: session?.agentSn, issues: parsed.error.issues.slice(0, 3) },
              'malformed agent message',
            )
            return void socket.close(AGENT_CLOSE.rejected, 'malformed message')
          }
          if (session) return session.handle(parsed.data)
          if (parsed.data.type !== 'hello' || parsed.data.protocol !== AGENT_PROTOCOL_VERSION) {
            return void socket.close(AGENT_CLOSE.rejected, 'expected hello')
          }
          clearTimeout(helloTimer)
          session = await this.register(socket, parsed.data, auth)
        })
        .catch((err) => {
          this.log.warn({ err, agentSn: session?.agentSn }, 'agent protocol error')
          socket.close(AGENT_CLOSE.rejected, 'protocol error')
        })
    })
    socket.on('close', () => {
      clearTimeout(helloTimer)
      if (session) void this.drop(session, 'agent disconnected')
    })
  }

  /**
   * Registers the agent of a hello. An agent that authenticated with its own secret must say its own
   * agent_sn. An enrollment token only enrolls an agent_sn without a credential: a new one, or a host
   * registered before agents had credentials (a re-enrollment); the secret minted for it goes back in
   * `welcome`. Taking over an enrolled (or revoked) agent_sn with a token is refused and audited.
   */
  private async register(socket: WebSocket, hello: HelloMessage, auth: AgentAuth) {
    if (auth.kind === 'agent' && auth.agentSn !== hello.agentSn) {
      socket.close(AGENT_CLOSE.rejected, 'hello names another agent_sn than the credential')
      return undefined
    }
    const agent = { userId: null, username: `agent:${hello.agentSn}`, tenantId: auth.tenantId }
    let secret: string | undefined
    let refused: 'enrolled' | 'revoked' | 'tenant' | undefined
    const result = await this.db
      .transaction(async (tx) => {
        if (auth.kind === 'enroll') {
          const enrollment = await this.credentials.enroll(tx, hello.agentSn, auth.tenantId, auth.tokenId)
          // Nothing of a refused hello may stick: the CMDB facts belong to the enrolled agent.
          if (!enrollment.ok) {
            refused = enrollment.reason
            throw new RefusedEnrollment(refused)
          }
          secret = enrollment.secret
        }
        const r = await this.hosts.upsertAgentHost(tx, auth.tenantId, hello, new Date())
        if (!r) {
          refused = 'tenant'
          throw new RefusedEnrollment(refused)
        }
        if (auth.kind === 'enroll') {
          await this.audit.record(tx, agent, {
            action: r.created ? 'agent.enroll' : 'agent.re-enroll',
            targetType: 'agent',
            targetId: hello.agentSn,
            after: { hostId: r.host.id, name: r.host.name, tokenId: auth.tokenId, innerIp: r.host.innerIp },
          })
        }
        if (r.created) {
          await this.audit.record(tx, agent, {
            action: 'host.register',
            targetType: 'host',
            targetId: String(r.host.id),
            after: { name: r.host.name, agentSn: hello.agentSn, innerIp: r.host.innerIp },
          })
        }
        return r
      })
      .catch((err) => {
        if (err instanceof RefusedEnrollment) return 'refused' as const
        throw err
      })
    if (result === 'refused') {
      await this.audit
        .record(this.db, agent, {
          action: 'agent.takeover-refused',
          targetType: 'agent',
          targetId: hello.agentSn,
          after: { tokenId: auth.kind === 'enroll' ? auth.tokenId : null, reason: refused, ips: hello.ips },
        })
        .catch(() => {})
      const why = {
        revoked: 'this agent_sn was revoked',
        enrolled: 'this agent_sn is already enrolled: connect with its own credential',
        tenant: 'agent_sn belongs to another tenant',
      }[refused!]
      socket.send(JSON.stringify({ type: 'error', message: why }))
      socket.close(refused === 'tenant' ? AGENT_CLOSE.rejected : AGENT_CLOSE.unauthorized, why)
      return undefined
    }
    const previous = this.sessions.get(hello.agentSn)
    if (previous) {
      previous.send({ type: 'error', message: 'replaced by a new connection' })
      previous.dispose('replaced by a new connection')
      previous.socket.close(AGENT_CLOSE.replaced, 'replaced')
    }
    const tokenId = auth.kind === 'enroll' ? auth.tokenId : ''
    const session = new AgentSession(socket, hello.agentSn, result.host.id, auth.tenantId, tokenId)
    this.sessions.set(hello.agentSn, session)
    session.send({
      type: 'welcome',
      hostId: result.host.id,
      heartbeatSec: this.options.heartbeatSec,
      ...(secret ? { credential: secret } : {}),
    })
    this.events.emit('status', {
      tenantId: auth.tenantId,
      hostId: result.host.id,
      agentSn: hello.agentSn,
      status: 'online',
    })
    return session
  }

  private async drop(session: AgentSession, reason: string) {
    session.dispose(reason)
    // A replaced session must not mark the host offline: the new connection owns it now.
    if (this.sessions.get(session.agentSn) !== session) return
    this.sessions.delete(session.agentSn)
    await this.hosts
      .markAgentOffline(session.hostId)
      .catch((err) =>
        this.log.warn({ err, hostId: session.hostId, agentSn: session.agentSn }, 'marking host offline failed'),
      )
    this.events.emit('status', {
      tenantId: session.tenantId,
      hostId: session.hostId,
      agentSn: session.agentSn,
      status: 'offline',
    })
  }

  /** Disconnects a revoked agent (it is refused from now on). */
  disconnectAgent(agentSn: string) {
    this.sessions.get(agentSn)?.socket.close(AGENT_CLOSE.unauthorized, 'agent revoked')
  }

  /**
   * One sweep: stale sessions are closed, heartbeats since the last sweep are written in one UPDATE, and any
   * host still ONLINE in the database without a recent heartbeat (an agent of a stopped BFF) turns OFFLINE.
   */
  async tick(now = Date.now()) {
    for (const s of this.sessions.values()) {
      if (now - s.lastBeatAt > this.offlineAfterMs) s.socket.close(AGENT_CLOSE.stale, 'missed heartbeats')
    }
    // Revoked on another replica: this one learns it here.
    for (const sn of await this.credentials.revokedAmong([...this.sessions.keys()])) this.disconnectAgent(sn)
    const dirty = [...this.sessions.values()].filter((s) => s.dirty)
    dirty.forEach((s) => {
      s.dirty = false
    })
    if (dirty.length) {
      await this.hosts.markAgentsSeen(
        dirty.map((s) => s.hostId),
        new Date(now),
      )
    }
    const stale = await this.hosts.sweepStaleAgents(new Date(now - this.offlineAfterMs))
    for (const h of stale)
      this.events.emit('status', { tenantId: h.tenantId, hostId: h.id, agentSn: h.agentSn ?? '', status: 'offline' })
  }

  private session(agentSn: string, tenantId?: string) {
    const s = this.sessions.get(agentSn)
    if (!s || (tenantId && s.tenantId !== tenantId))
      throw new AgentUnavailableError(`agent ${agentSn} is not connected`)
    return s
  }

  /**
   * Runs a script on an agent. Resolves once the agent acknowledged the command, with a handle whose
   * `output` streams chunks and whose `exit` settles when the process ends (or the agent is lost).
   * Rejects with AgentUnavailableError when the agent is not connected, refuses, or does not ack in time.
   * Pass `tenantId` to make sure the agent belongs to the caller's tenant.
   */
  async runCommand(
    agentSn: string,
    input: RunCommandInput,
    opts: { tenantId?: string; onOutput?: (c: OutputChunk) => void; commandId?: string } = {},
  ): Promise<CommandHandle> {
    const cmd = RunCommandSchema.parse({ ...input, commandId: opts.commandId ?? randomUUID() })
    return this.track(agentSn, cmd.commandId, { type: 'run', command: cmd }, opts)
  }

  /**
   * Re-attaches to a command started before this BFF restarted (the engine persists command ids first):
   * the handle replays the output the agent kept and settles with its exit. Rejects with UnknownCommandError
   * when the agent does not know the command, AgentUnavailableError when it is not connected.
   */
  async attach(
    agentSn: string,
    commandId: string,
    opts: { tenantId?: string; onOutput?: (c: OutputChunk) => void } = {},
  ): Promise<CommandHandle> {
    try {
      return await this.track(agentSn, commandId, { type: 'attach', commandId }, opts)
    } catch (err) {
      if ((err as Error).message === UNKNOWN_COMMAND)
        throw new UnknownCommandError(`agent ${agentSn} does not know command ${commandId}`)
      throw err
    }
  }

  private async track(
    agentSn: string,
    commandId: string,
    msg: { type: 'run'; command: z.output<typeof RunCommandSchema> } | { type: 'attach'; commandId: string },
    opts: { tenantId?: string; onOutput?: (c: OutputChunk) => void },
  ): Promise<CommandHandle> {
    const s = this.session(agentSn, opts.tenantId)
    const pending = new PendingCommand(commandId)
    pending.onChunk = opts.onOutput
    // An attach supersedes an earlier follower of the same command (a take-over on another replica).
    s.commands.get(commandId)?.lose('superseded by a new attach')
    s.commands.set(commandId, pending)
    const acked = s.expectAck(commandId, this.options.ackTimeoutMs ?? 5000)
    s.send(msg)
    try {
      await acked
    } catch (err) {
      s.commands.delete(commandId)
      throw err
    }
    return {
      commandId,
      agentSn,
      output: pending.queue,
      exit: pending.exit,
      cancel: () => this.cancel(agentSn, commandId),
    }
  }

  /** Asks the agent to kill a command's process tree; a no-op when the agent or command is gone. */
  cancel(agentSn: string, commandId: string) {
    this.sessions.get(agentSn)?.send({ type: 'cancel', commandId })
  }

  /** For the patch module: asks the agent for its package scan (installed packages and available updates). */
  async patchScan(agentSn: string, opts: { tenantId?: string; timeoutMs?: number } = {}): Promise<PatchScanResult> {
    const s = this.session(agentSn, opts.tenantId)
    const commandId = randomUUID()
    const result = s.expectScan(commandId, opts.timeoutMs ?? 120_000)
    s.send({ type: 'patch-scan', commandId })
    return result
  }
}

/** Rolls back the hello's transaction when the enrollment is refused. */
class RefusedEnrollment extends Error {
  constructor(readonly reason: string) {
    super(reason)
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
