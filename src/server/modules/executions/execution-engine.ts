import { OUTPUT_CAP_BYTES } from '../../../contract/agents'
import { applyOperation, type Operation, plan } from '../../../contract/execution-machine'
import type { InstanceStatus } from '../../../contract/execution-rules'
import { type AgentGateway, type CommandExit, type CommandHandle, UnknownCommandError } from '../../agents/gateway'
import type { Db } from '../../db/client'
import type { ExecutionOrderRow } from '../../db/schema'
import { InvalidTransitionError } from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'
import { commandParams, plainValue } from '../scripts/script-params'
import { emptyCounts, type ExecutionsRepository, type InstanceRow } from './executions.repository'
import { toInstanceView } from './execution-dto'
import type { ExecutionEvents } from './execution-events'
import { SecretMasker } from './secret-masker'

interface Log {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
}

export interface EngineOptions {
  /** How long a lost or not-yet-reconnected agent has to come back before its run counts as lost. */
  reattachGraceMs: number
  /** How often buffered output is written to the database. */
  logFlushMs?: number
}

/** One run of one instance in this process. */
interface Run {
  orderId: number
  tenantId: string
  executeUuid: string
  instance: InstanceRow
  /** Plain sensitive values of the ticket, masked out of the output. */
  secrets: string[]
  masker: SecretMasker
  handle?: CommandHandle
  cancelRequested: boolean
  /** Masked output not yet written; `replace` after a re-attach replayed the whole output. */
  pending: string
  replace: boolean
  writes: Promise<void>
  /** Output bytes kept for this attempt; the cap is enforced here, whatever the agent claims. */
  bytes: number
  capped: boolean
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The runner around the pure state machine: it asks `plan` for the next step, writes it, launches the
 * instances it starts on their agents through the gateway, streams their output (masked) to the database and
 * to live subscribers, and records how each run ended. Everything that changes one ticket's state runs on
 * that ticket's serial chain, so operations and completions never interleave.
 *
 * Restart-safe: command ids are stored before a command is sent; after a restart (or when an agent drops
 * and reconnects) the engine re-attaches to the command on its agent instead of running it again.
 */
export class ExecutionEngine {
  private readonly chains = new Map<number, Promise<unknown>>()
  private readonly runs = new Map<number, Run>()
  private flushTimer: NodeJS.Timeout | undefined
  private stopping = false

  constructor(
    private readonly db: Db,
    private readonly repo: ExecutionsRepository,
    private readonly gateway: AgentGateway,
    private readonly keyring: Keyring,
    private readonly events: ExecutionEvents,
    private readonly log: Log,
    private readonly options: EngineOptions,
  ) {}

  /** Picks up every live ticket from the database: re-attaches running instances and continues the rest. */
  async recover() {
    for (const orderId of await this.repo.liveOrderIds()) {
      const order = await this.repo.byId(orderId)
      if (!order) continue
      for (const inst of await this.repo.processingInstances(orderId)) {
        if (!this.runs.has(inst.id)) void this.follow(order, inst, 'attach')
      }
      void this.kick(orderId)
    }
  }

  /** Stops following runs without recording outcomes: the database keeps them PROCESSING for the next start. */
  async stop() {
    this.stopping = true
    clearInterval(this.flushTimer)
    this.flushTimer = undefined
    this.flushAll()
    await Promise.all([...this.runs.values()].map((r) => r.writes))
    await Promise.all([...this.chains.values()].map((c) => c.catch(() => {})))
  }

  isFollowing(instanceId: number) {
    return this.runs.has(instanceId)
  }

  private serial<T>(orderId: number, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(orderId) ?? Promise.resolve()
    const next = prev.catch(() => {}).then(fn)
    this.chains.set(orderId, next)
    void next
      .catch(() => {})
      .finally(() => {
        if (this.chains.get(orderId) === next) this.chains.delete(orderId)
      })
    return next
  }

  /** Moves a ticket forward as far as it can go now. */
  kick(orderId: number) {
    if (this.stopping) return Promise.resolve()
    return this.serial(orderId, () => this.advance(orderId)).catch((err) =>
      this.log.warn({ err, orderId }, 'execution step failed'),
    )
  }

  /** Plans and writes steps until the ticket has to wait; true when it wrote any (and so emitted the ticket). */
  private async advance(orderId: number): Promise<boolean> {
    let stepped = false
    for (let guard = 0; guard < 100 && !this.stopping; guard++) {
      const step = plan(await this.repo.machineState(orderId))
      if (!step) return stepped
      stepped = true
      const started = await this.db.transaction((tx) => this.repo.applyStep(tx, orderId, step))
      const order = (await this.repo.byId(orderId))!
      for (const b of step.batches)
        this.events.emit(order.tenantId, { type: 'batch', executeUuid: order.uuid, index: b.index, status: b.status })
      for (const inst of started) {
        this.events.emit(order.tenantId, { type: 'instance', executeUuid: order.uuid, instance: toInstanceView(inst) })
        void this.follow(order, inst, 'run')
      }
      await this.emitTicket(order)
      if (step.orderStatus && step.orderStatus !== 'PROCESSING')
        this.log.info({ executeUuid: order.uuid, status: step.orderStatus }, 'ticket settled')
    }
    return stepped
  }

  /**
   * Applies an operator's operation on the ticket's chain: checked by the state machine (a refusal is a 400),
   * written, running processes of canceled instances killed, and the ticket moved on.
   */
  operate(order: ExecutionOrderRow, op: Operation, actor: string) {
    return this.serial(order.id, async () => {
      const result = applyOperation(await this.repo.machineState(order.id), op)
      if (!result.ok) throw new InvalidTransitionError(result.reason, 'COC.00040701')
      const note = op.type === 'SKIP_BATCH' ? `batch skipped by ${actor}` : `canceled by ${actor}`
      await this.db.transaction((tx) => this.repo.applyEffect(tx, order.id, result.effect, note))
      for (const id of result.effect.kill) {
        const run = this.runs.get(id)
        if (!run) continue
        run.cancelRequested = true
        run.handle?.cancel()
      }
      const touched = await this.repo.instancesByIds(result.effect.instances.map((i) => i.id))
      for (const inst of touched)
        this.events.emit(order.tenantId, { type: 'instance', executeUuid: order.uuid, instance: toInstanceView(inst) })
      for (const b of result.effect.batches)
        this.events.emit(order.tenantId, { type: 'batch', executeUuid: order.uuid, index: b.index, status: b.status })
      if (!(await this.advance(order.id))) await this.emitTicket((await this.repo.byId(order.id))!)
      return result.effect
    })
  }

  private async emitTicket(order: ExecutionOrderRow) {
    const counts = emptyCounts()
    for (const c of await this.repo.counts([order.id])) counts[c.status as InstanceStatus] += c.n
    this.events.emit(order.tenantId, {
      type: 'ticket',
      executeUuid: order.uuid,
      status: order.status,
      currentBatch: order.currentBatch,
      counts,
      finishedAt: order.finishedAt?.toISOString() ?? null,
      message: order.message,
    })
  }

  /** Runs (or re-attaches to) one instance's command and follows it to its end, surviving agent reconnects. */
  private async follow(order: ExecutionOrderRow, instance: InstanceRow, mode: 'run' | 'attach') {
    const secrets = this.secrets(order)
    const run: Run = {
      orderId: order.id,
      tenantId: order.tenantId,
      executeUuid: order.uuid,
      instance,
      cancelRequested: false,
      secrets,
      masker: new SecretMasker(secrets),
      pending: '',
      replace: mode === 'attach',
      writes: Promise.resolve(),
      bytes: 0,
      capped: false,
    }
    this.runs.set(instance.id, run)
    // Output is buffered per run and written on this timer; it must not keep the process alive on its own.
    this.flushTimer ??= setInterval(() => this.flushAll(), this.options.logFlushMs ?? 250).unref()
    try {
      let exit: CommandExit | undefined
      let outcome: Outcome | undefined
      if (mode === 'run') {
        try {
          run.handle = await this.gateway.runCommand(instance.agentSn, this.command(order), {
            tenantId: order.tenantId,
            commandId: instance.commandId!,
          })
        } catch (err) {
          outcome = { status: 'ABNORMAL', exitCode: null, message: `agent unavailable: ${(err as Error).message}` }
        }
      } else {
        outcome = await this.reattach(run)
      }
      while (!outcome) {
        if (run.cancelRequested) run.handle!.cancel()
        for await (const chunk of run.handle!.output) this.output(run, chunk.data)
        exit = await run.handle!.exit
        if (this.stopping) return
        if (!exit.lost) {
          outcome =
            run.capped && !run.cancelRequested
              ? { status: 'ABNORMAL', exitCode: exit.exitCode, message: 'stopped: output over the 1 MB cap' }
              : outcomeOf(exit, order.timeoutSec)
          break
        }
        // The agent dropped; it keeps running the command, so wait for it to reconnect and re-attach.
        outcome = await this.reattach(run)
      }
      if (this.stopping) return
      await this.complete(run, outcome, (exit?.truncated ?? false) || run.capped)
    } catch (err) {
      this.log.warn({ err, instanceId: instance.id }, 'following an execution instance failed')
    } finally {
      if (this.runs.get(instance.id) === run) this.runs.delete(instance.id)
    }
  }

  /** Waits for the agent to be connected, then attaches; returns an outcome only when that fails. */
  private async reattach(run: Run): Promise<Outcome | undefined> {
    const { agentSn, commandId } = run.instance
    const until = Date.now() + this.options.reattachGraceMs
    while (!this.stopping && Date.now() < until) {
      if (this.gateway.isConnected(agentSn)) {
        try {
          run.masker = new SecretMasker(run.secrets) // the agent replays the whole output
          run.pending = ''
          run.replace = true
          run.bytes = 0
          run.capped = false
          run.handle = await this.gateway.attach(agentSn, commandId!, { tenantId: run.tenantId })
          return undefined
        } catch (err) {
          if (err instanceof UnknownCommandError) {
            return {
              status: 'ABNORMAL',
              exitCode: null,
              message: 'the agent restarted and no longer knows this run; it was not run again (retry to run it)',
            }
          }
        }
      }
      await sleep(200)
    }
    return {
      status: 'ABNORMAL',
      exitCode: null,
      message: `agent lost: ${agentSn} did not come back within ${Math.round(this.options.reattachGraceMs / 1000)} s`,
    }
  }

  private output(run: Run, data: string) {
    this.append(run, run.masker.push(data))
  }

  /**
   * Buffers already-masked text for the database and sends it to live subscribers. The 1 MB cap per instance
   * is the server's own: an agent (modified, or buggy) that sends more is cut off here and its run stopped.
   */
  private append(run: Run, masked: string) {
    if (!masked || run.capped) return
    if (run.bytes + Buffer.byteLength(masked) > OUTPUT_CAP_BYTES) {
      masked = Buffer.from(masked)
        .subarray(0, OUTPUT_CAP_BYTES - run.bytes)
        .toString('utf8')
        .replace(/\uFFFD$/, '')
      run.capped = true
      run.handle?.cancel()
      this.log.warn({ instanceId: run.instance.id }, 'agent output over the 1 MB cap: truncated and stopped')
    }
    run.bytes += Buffer.byteLength(masked)
    run.pending += masked
    this.events.emit(run.tenantId, {
      type: 'log',
      executeUuid: run.executeUuid,
      instanceId: run.instance.id,
      attempt: run.instance.attempt,
      data: masked,
    })
  }

  private flushAll() {
    for (const run of this.runs.values()) this.flush(run)
  }

  /** Writes buffered output in order (one write at a time per run). */
  private flush(run: Run) {
    if (!run.pending && !run.replace) return run.writes
    const text = run.pending
    const replace = run.replace
    run.pending = ''
    run.replace = false
    run.writes = run.writes
      .then(() => this.repo.writeLog(run.instance.id, run.instance.attempt, text, replace))
      .catch((err) => this.log.warn({ err, instanceId: run.instance.id }, 'execution log write failed'))
    return run.writes
  }

  /**
   * Records a run's end, then moves the ticket on. The write is conditional (this attempt, still PROCESSING),
   * so it needs no place on the ticket's chain; the step after it is coalesced: hosts of a batch that end
   * together trigger one planning pass, not one each.
   */
  private async complete(run: Run, outcome: Outcome, truncated: boolean) {
    this.append(run, run.masker.end())
    const text = run.pending
    const replace = run.replace
    run.pending = ''
    run.replace = false
    await run.writes
    const message = truncated ? `${outcome.message} (log truncated at 1 MB)` : outcome.message
    const row = await this.repo.finishInstance(run.instance.id, run.instance.attempt, {
      status: outcome.status,
      exitCode: outcome.exitCode,
      message,
      logTail: text,
      truncated,
      replaceLog: replace,
    })
    this.runs.delete(run.instance.id)
    if (row)
      this.events.emit(run.tenantId, { type: 'instance', executeUuid: run.executeUuid, instance: toInstanceView(row) })
    await this.advanceSoon(run.orderId)
  }

  private readonly advancePending = new Map<number, Promise<void>>()

  private advanceSoon(orderId: number): Promise<void> {
    const queued = this.advancePending.get(orderId)
    if (queued) return queued
    const next = this.serial(orderId, async () => {
      this.advancePending.delete(orderId)
      const stepped = await this.advance(orderId)
      const order = await this.repo.byId(orderId)
      if (order && !stepped) await this.emitTicket(order)
    }).catch((err) => this.log.warn({ err, orderId }, 'execution step failed'))
    this.advancePending.set(orderId, next)
    return next
  }

  private command(order: ExecutionOrderRow) {
    return {
      type: order.scriptType,
      script: order.content,
      timeoutSec: order.timeoutSec,
      user: order.executeUser,
      lowPriority: !order.resourceful,
      ...commandParams(order.params, (p) => plainValue(p, this.keyring)),
    }
  }

  private secrets(order: ExecutionOrderRow) {
    return order.params.filter((p) => p.sensitive).map((p) => plainValue(p, this.keyring))
  }
}

interface Outcome {
  status: InstanceStatus
  exitCode: number | null
  message: string
}

/** How a finished command maps to the instance's status and message. */
export function outcomeOf(exit: CommandExit, timeoutSec: number): Outcome {
  const code = exit.exitCode
  if (exit.canceled) return { status: 'CANCELED', exitCode: code, message: 'canceled' }
  if (exit.timedOut) return { status: 'ABNORMAL', exitCode: code, message: `timed out after ${timeoutSec} s` }
  if (exit.error) return { status: 'ABNORMAL', exitCode: code, message: exit.error }
  if (code === 0) return { status: 'FINISHED', exitCode: 0, message: 'exit code 0' }
  if (code === null) return { status: 'ABNORMAL', exitCode: null, message: `killed by ${exit.signal ?? 'a signal'}` }
  return { status: 'ABNORMAL', exitCode: code, message: `exit code ${code}` }
}
