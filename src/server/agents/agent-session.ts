import type { WebSocket } from 'ws'
import type { AgentMessage, GatewayMessage } from '../../contract/agents'
import type { PatchScanResult } from '../../contract/patch-scan'
import type { PendingCommand } from './command-stream'

interface Waiter<T> {
  resolve: (v: T) => void
  reject: (e: Error) => void
  timer: NodeJS.Timeout
}

/** Why a command could not be started on an agent. */
export class AgentUnavailableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AgentUnavailableError'
  }
}

/** One connected, registered agent: its socket, its last heartbeat and its in-flight commands. */
export class AgentSession {
  lastBeatAt = Date.now()
  /** A heartbeat arrived since the last flush to the database. */
  dirty = true
  readonly commands = new Map<string, PendingCommand>()
  private readonly acks = new Map<string, Waiter<void>>()
  private readonly scans = new Map<string, Waiter<PatchScanResult>>()

  constructor(
    readonly socket: WebSocket,
    readonly agentSn: string,
    readonly hostId: number,
    readonly tenantId: string,
    readonly tokenId: string,
  ) {}

  send(msg: GatewayMessage) {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(msg))
  }

  /** Sends `run` and resolves when the agent acknowledges it; rejects on a refusal or no ack in time. */
  expectAck(commandId: string, timeoutMs: number) {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(commandId)
        reject(
          new AgentUnavailableError(`agent ${this.agentSn} did not acknowledge the command within ${timeoutMs} ms`),
        )
      }, timeoutMs)
      this.acks.set(commandId, { resolve, reject, timer })
    })
  }

  expectScan(commandId: string, timeoutMs: number) {
    return new Promise<PatchScanResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.scans.delete(commandId)
        reject(new AgentUnavailableError(`agent ${this.agentSn} did not answer the patch scan within ${timeoutMs} ms`))
      }, timeoutMs)
      this.scans.set(commandId, { resolve, reject, timer })
    })
  }

  /** Routes one message of a registered agent. */
  handle(msg: AgentMessage) {
    switch (msg.type) {
      case 'heartbeat':
        this.lastBeatAt = Date.now()
        this.dirty = true
        return
      case 'ack': {
        const w = this.acks.get(msg.commandId)
        if (!w) return
        this.acks.delete(msg.commandId)
        clearTimeout(w.timer)
        if (msg.accepted) w.resolve()
        else w.reject(new AgentUnavailableError(msg.reason ?? 'the agent refused the command'))
        return
      }
      case 'output':
        this.commands.get(msg.commandId)?.output({ stream: msg.stream, data: msg.data, at: msg.at })
        return
      case 'exit': {
        const { type: _t, commandId, ...rest } = msg
        this.commands.get(commandId)?.finish({ ...rest, lost: false })
        this.commands.delete(commandId)
        return
      }
      case 'patch-scan-result': {
        const w = this.scans.get(msg.commandId)
        if (!w) return
        this.scans.delete(msg.commandId)
        clearTimeout(w.timer)
        if (msg.result) w.resolve(msg.result)
        else w.reject(new Error(msg.error ?? 'the agent could not scan its packages'))
        return
      }
      case 'hello':
        // A second hello on a live session is a protocol error; the gateway closes the socket.
        throw new Error('duplicate hello')
    }
  }

  /** The connection is gone: every waiter fails and every command is reported lost. */
  dispose(reason: string) {
    for (const w of [...this.acks.values(), ...this.scans.values()]) {
      clearTimeout(w.timer)
      w.reject(new AgentUnavailableError(reason))
    }
    this.acks.clear()
    this.scans.clear()
    for (const c of this.commands.values()) c.lose(reason)
    this.commands.clear()
  }
}
