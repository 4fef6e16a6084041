import { randomUUID } from 'node:crypto'
import type { PatchScanResult } from '../../contract/patch-scan'
import type { Keyring } from '../lib/keyring'
import { type PgBus, replicaChannel } from '../lib/pg-bus'
import { REPLICA_ID } from '../lib/replica-id'
import type { AgentsRepository } from './agents.repository'
import { type CommandExit, type CommandHandle, PendingCommand } from './command-stream'
import { AgentUnavailableError, type AgentGateway, type RunCommandInput, UnknownCommandError } from './gateway'

/** Broadcast channel: an agent connected to or left a replica. */
const AGENTS_CHANNEL = 'oc_agents'
/** Extra wait for a remote ack beyond the holder's own ack timeout (one bus round trip each way). */
const REMOTE_ACK_SLACK_MS = 3_000

interface Log {
  warn(obj: object, msg: string): void
}

/** A request to another replica got no answer: whether the agent received it is unknown. */
export class RelayError extends AgentUnavailableError {}

/** Requests to the replica holding the agent's socket. `rid` tells replies to a superseded request apart. */
type HolderRequest =
  | { t: 'run'; rid: string; replyTo: string; agentSn: string; tenantId?: string; commandId: string; sealed: string }
  | { t: 'attach'; rid: string; replyTo: string; agentSn: string; tenantId?: string; commandId: string }
  | { t: 'cancel'; agentSn: string; commandId: string }
  | { t: 'scan'; rid: string; replyTo: string; agentSn: string; tenantId?: string; timeoutMs: number }
/** Replies to the requesting replica. */
type HolderReply =
  | { t: 'ack'; rid: string; commandId: string; error?: string; unknown?: boolean }
  | { t: 'out'; rid: string; commandId: string; stream: 'stdout' | 'stderr'; data: string; at?: number }
  | { t: 'exit'; rid: string; commandId: string; exit: CommandExit }
  | { t: 'scan-result'; rid: string; result?: PatchScanResult; error?: string }
type AgentsNotice = { t: 'online' | 'offline'; agentSn: string; replica: string | null }

interface RemoteCommand {
  rid: string
  holder: string
  agentSn: string
  pending: PendingCommand
  acked: (error?: Error) => void
}

/**
 * Commands for agents connected to any replica. `agent_sessions` records which replica holds each agent's
 * WebSocket; a command for an agent held elsewhere is sent to that replica over the bus (the script sealed
 * with the shared keyring, so no secret travels in clear), which runs it through its gateway and relays the
 * ack, output and exit back. An agent held here goes straight to the gateway.
 *
 * A relayed command reports itself lost (the caller re-attaches through the agent's journal) when its agent
 * shows up on another replica, goes offline, or the bus connection was reset and replies may be missing.
 */
export class AgentDispatch {
  private readonly remote = new Map<string, RemoteCommand>()
  private readonly scans = new Map<string, { resolve: (r: PatchScanResult) => void; reject: (e: Error) => void }>()
  /** Holder side: the request each relayed command currently answers (an attach supersedes a run). */
  private readonly relays = new Map<string, string>()
  private readonly channel = replicaChannel(REPLICA_ID)
  private stopped = false

  constructor(
    private readonly sessions: AgentsRepository,
    private readonly bus: PgBus,
    private readonly gateway: AgentGateway,
    private readonly keyring: Keyring,
    private readonly log: Log,
  ) {
    bus.subscribe(this.channel, (m) => this.onMessage(m as HolderRequest | HolderReply))
    bus.subscribe(AGENTS_CHANNEL, (m) => this.onAgentsNotice(m as AgentsNotice))
    bus.onReset(() => this.loseAll('the bus connection was reset'))
    gateway.events.on('status', (e) => void this.recordSession(e.agentSn, e.tenantId, e.status))
  }

  /** This replica stops: its agents' sessions are forgotten at once (they reconnect to another replica). */
  async stop() {
    this.stopped = true
    await this.sessions
      .dropReplicaSessions(REPLICA_ID)
      // Stale rows expire with the replica's heartbeat; say why they outlive this stop.
      .catch((err) => this.log.warn({ err, replica: REPLICA_ID }, 'agent sessions not cleared at stop'))
  }

  private async recordSession(agentSn: string, tenantId: string, status: 'online' | 'offline') {
    if (this.stopped) return
    try {
      if (status === 'online') {
        await this.sessions.holdSession(agentSn, tenantId, REPLICA_ID)
        this.bus.publish(AGENTS_CHANNEL, { t: 'online', agentSn, replica: REPLICA_ID } satisfies AgentsNotice)
      } else {
        // The sweep may call a host offline (late heartbeats) while its socket is still here: keep routing it.
        if (this.gateway.isConnected(agentSn)) return
        const mine = await this.sessions.dropSession(agentSn, REPLICA_ID)
        // Not ours: the offline sweep found an agent whose replica stopped heart-beating it.
        this.bus.publish(AGENTS_CHANNEL, {
          t: 'offline',
          agentSn,
          replica: mine ? REPLICA_ID : null,
        } satisfies AgentsNotice)
      }
    } catch (err) {
      this.log.warn({ err, agentSn }, 'recording an agent session failed')
    }
  }

  /** The replica holding the agent's socket, or undefined when no live replica claims it. */
  async holderOf(agentSn: string): Promise<string | undefined> {
    if (this.gateway.isConnected(agentSn)) return REPLICA_ID
    const replica = await this.sessions.sessionReplica(agentSn)
    // Our own row without a local session is stale (the socket closed a moment ago).
    return replica && replica !== REPLICA_ID ? replica : undefined
  }

  isRelayFailure(err: unknown) {
    return err instanceof RelayError
  }

  /** As `AgentGateway.runCommand`, for an agent on any replica. */
  /** `opts.holder`: the holder the caller just looked up (saves a second lookup on the way). */
  async runCommand(
    agentSn: string,
    input: RunCommandInput,
    opts: { tenantId?: string; commandId: string; holder?: string },
  ) {
    const holder = opts.holder ?? (await this.holderOf(agentSn))
    if (holder === REPLICA_ID)
      return this.gateway.runCommand(agentSn, input, { tenantId: opts.tenantId, commandId: opts.commandId })
    if (!holder) throw new AgentUnavailableError(`agent ${agentSn} is not connected`)
    const sealed = this.keyring.encrypt(JSON.stringify(input))
    return this.remoteTrack(holder, agentSn, opts.commandId, (rid) => ({
      t: 'run',
      rid,
      replyTo: REPLICA_ID,
      agentSn,
      tenantId: opts.tenantId,
      commandId: opts.commandId,
      sealed,
    }))
  }

  /** As `AgentGateway.attach`, for an agent on any replica. */
  async attach(agentSn: string, commandId: string, opts: { tenantId?: string } = {}) {
    const holder = await this.holderOf(agentSn)
    if (holder === REPLICA_ID) return this.gateway.attach(agentSn, commandId, opts)
    if (!holder) throw new AgentUnavailableError(`agent ${agentSn} is not connected`)
    return this.remoteTrack(holder, agentSn, commandId, (rid) => ({
      t: 'attach',
      rid,
      replyTo: REPLICA_ID,
      agentSn,
      tenantId: opts.tenantId,
      commandId,
    }))
  }

  /** Asks the agent (wherever it is connected) to kill a command; a no-op when it is gone. */
  async cancel(agentSn: string, commandId: string) {
    const holder = await this.holderOf(agentSn)
    if (holder === REPLICA_ID) this.gateway.cancel(agentSn, commandId)
    else if (holder)
      this.bus.publish(replicaChannel(holder), { t: 'cancel', agentSn, commandId } satisfies HolderRequest)
  }

  /** As `AgentGateway.patchScan`, for an agent on any replica. */
  async patchScan(agentSn: string, opts: { tenantId?: string; timeoutMs?: number } = {}): Promise<PatchScanResult> {
    const holder = await this.holderOf(agentSn)
    if (holder === REPLICA_ID) return this.gateway.patchScan(agentSn, opts)
    if (!holder) throw new AgentUnavailableError(`agent ${agentSn} is not connected`)
    const timeoutMs = opts.timeoutMs ?? 120_000
    const rid = randomUUID()
    return new Promise<PatchScanResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.scans.delete(rid)
        reject(new AgentUnavailableError(`agent ${agentSn} did not answer the patch scan within ${timeoutMs} ms`))
      }, timeoutMs + REMOTE_ACK_SLACK_MS)
      const done =
        <T>(fn: (v: T) => void) =>
        (v: T) => {
          clearTimeout(timer)
          this.scans.delete(rid)
          fn(v)
        }
      this.scans.set(rid, { resolve: done(resolve), reject: done(reject) })
      this.bus.publish(replicaChannel(holder), {
        t: 'scan',
        rid,
        replyTo: REPLICA_ID,
        agentSn,
        tenantId: opts.tenantId,
        timeoutMs,
      } satisfies HolderRequest)
    })
  }

  private async remoteTrack(
    holder: string,
    agentSn: string,
    commandId: string,
    request: (rid: string) => HolderRequest,
  ): Promise<CommandHandle> {
    const rid = randomUUID()
    const pending = new PendingCommand(commandId)
    let acked!: (error?: Error) => void
    const ack = new Promise<void>((resolve, reject) => {
      acked = (error) => (error ? reject(error) : resolve())
    })
    this.remote.get(commandId)?.pending.lose('superseded by a new request')
    const entry: RemoteCommand = { rid, holder, agentSn, pending, acked }
    this.remote.set(commandId, entry)
    void pending.exit.then(() => {
      if (this.remote.get(commandId) === entry) this.remote.delete(commandId)
    })
    const timeoutMs = (this.gateway.options.ackTimeoutMs ?? 5000) + REMOTE_ACK_SLACK_MS
    const timer = setTimeout(
      () => acked(new RelayError(`replica ${holder} did not relay agent ${agentSn}'s ack in time`)),
      timeoutMs,
    )
    this.bus.publish(replicaChannel(holder), request(rid))
    try {
      await ack
    } catch (err) {
      pending.lose((err as Error).message)
      throw err
    } finally {
      clearTimeout(timer)
    }
    return {
      commandId,
      agentSn,
      output: pending.queue,
      exit: pending.exit,
      cancel: () => void this.cancel(agentSn, commandId),
    }
  }

  private onMessage(msg: HolderRequest | HolderReply) {
    switch (msg.t) {
      case 'run':
      case 'attach':
        return void this.serve(msg)
      case 'cancel':
        return this.gateway.cancel(msg.agentSn, msg.commandId)
      case 'scan':
        return void this.gateway.patchScan(msg.agentSn, { tenantId: msg.tenantId, timeoutMs: msg.timeoutMs }).then(
          (result) => this.reply(msg.replyTo, { t: 'scan-result', rid: msg.rid, result }),
          (err: Error) => this.reply(msg.replyTo, { t: 'scan-result', rid: msg.rid, error: err.message }),
        )
      case 'ack': {
        const entry = this.remote.get(msg.commandId)
        if (entry?.rid !== msg.rid) return
        if (!msg.error) return entry.acked()
        entry.acked(msg.unknown ? new UnknownCommandError(msg.error) : new AgentUnavailableError(msg.error))
        return
      }
      case 'out': {
        const entry = this.remote.get(msg.commandId)
        if (entry?.rid === msg.rid) entry.pending.output({ stream: msg.stream, data: msg.data, at: msg.at })
        return
      }
      case 'exit': {
        const entry = this.remote.get(msg.commandId)
        if (entry?.rid === msg.rid) entry.pending.finish(msg.exit)
        return
      }
      case 'scan-result': {
        const w = this.scans.get(msg.rid)
        if (!w) return
        if (msg.result) w.resolve(msg.result)
        else w.reject(new Error(msg.error ?? 'the agent could not scan its packages'))
        return
      }
    }
  }

  private reply(replica: string, msg: HolderReply) {
    this.bus.publish(replicaChannel(replica), msg)
  }

  /** Holder side: starts or attaches through the local gateway and relays ack, output and exit. */
  private async serve(msg: Extract<HolderRequest, { t: 'run' | 'attach' }>) {
    const { commandId, rid, replyTo } = msg
    let handle: CommandHandle
    try {
      handle =
        msg.t === 'run'
          ? await this.gateway.runCommand(
              msg.agentSn,
              JSON.parse(this.keyring.decrypt(msg.sealed)) as RunCommandInput,
              {
                tenantId: msg.tenantId,
                commandId,
              },
            )
          : await this.gateway.attach(msg.agentSn, commandId, { tenantId: msg.tenantId })
    } catch (err) {
      return this.reply(replyTo, {
        t: 'ack',
        rid,
        commandId,
        error: (err as Error).message,
        unknown: err instanceof UnknownCommandError,
      })
    }
    this.relays.set(commandId, rid)
    this.reply(replyTo, { t: 'ack', rid, commandId })
    const current = () => this.relays.get(commandId) === rid
    for await (const chunk of handle.output) {
      if (!current()) break
      this.reply(replyTo, { t: 'out', rid, commandId, stream: chunk.stream, data: chunk.data, at: chunk.at })
    }
    const exit = await handle.exit
    if (!current()) return
    this.relays.delete(commandId)
    this.reply(replyTo, { t: 'exit', rid, commandId, exit })
  }

  private onAgentsNotice(n: AgentsNotice) {
    for (const entry of this.remote.values()) {
      if (entry.agentSn !== n.agentSn) continue
      const moved = n.t === 'online' && entry.holder !== n.replica
      const gone = n.t === 'offline' && (n.replica === null || n.replica === entry.holder)
      if (moved || gone) entry.pending.lose(`agent ${n.agentSn} ${moved ? 'moved to another replica' : 'went offline'}`)
    }
  }

  private loseAll(reason: string) {
    for (const entry of this.remote.values()) {
      entry.acked(new RelayError(reason))
      entry.pending.lose(reason)
    }
  }
}
