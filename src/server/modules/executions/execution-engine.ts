import { applyOperation, type Operation, plan } from '../../../contract/execution-machine'
import { type InstanceStatus, type OrderStatus, TERMINAL_ORDER } from '../../../contract/execution-rules'
import type { AgentDispatch } from '../../agents/agent-dispatch'
import type { Db, Tx } from '../../db/client'
import type { ExecutionOrderRow } from '../../db/schema'
import { InvalidTransitionError } from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'
import type { PgBus } from '../../lib/pg-bus'
import { REPLICA_ID } from '../../lib/replica-id'
import { emptyCounts, type ExecutionsRepository } from './executions.repository'
import { toInstanceView } from './execution-dto'
import type { ExecutionEvents } from './execution-events'
import { InstanceRuns, type RunOptions } from './instance-runs'
import { LeaseKeeper } from './lease-keeper'

export { outcomeOf } from './instance-runs'

interface Log {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
}

export interface EngineOptions extends RunOptions {
  /** Lease time of a driven ticket: another replica takes a dead replica's tickets over after this. */
  leaseTtlMs?: number
}

/** Called in the transaction that settles a ticket. */
export type SettledListener = (tx: Tx, orderId: number, status: OrderStatus) => Promise<void>

/** Broadcast channel: an operator changed a ticket on some replica; its driver moves it on. */
const ORDERS_CHANNEL = 'oc_orders'
interface OrderNotice {
  orderId: number
  kill: number[]
}

/**
 * The ticket driver around the pure state machine: it asks `plan` for the next step, writes it, hands the
 * instances it starts to `InstanceRuns`, and emits live events. Each live ticket is driven by the one replica
 * holding its lease (`LeaseKeeper`); every state change locks the ticket's row, so the driver's steps and
 * operators' operations from any replica apply one at a time. Within this process everything that changes one
 * ticket runs on that ticket's serial chain.
 */
export class ExecutionEngine {
  private readonly chains = new Map<number, Promise<unknown>>()
  private readonly advancePending = new Map<number, Promise<void>>()
  private readonly leases: LeaseKeeper
  private readonly runs: InstanceRuns
  private stopping = false
  private readonly settledListeners: SettledListener[] = []

  constructor(
    private readonly db: Db,
    private readonly repo: ExecutionsRepository,
    private readonly dispatch: AgentDispatch,
    private readonly bus: PgBus,
    keyring: Keyring,
    private readonly events: ExecutionEvents,
    private readonly log: Log,
    options: EngineOptions,
  ) {
    this.runs = new InstanceRuns(repo, dispatch, keyring, events, log, options, (id) => this.advanceSoon(id))
    this.leases = new LeaseKeeper(
      repo,
      REPLICA_ID,
      { ttlMs: options.leaseTtlMs ?? 15_000 },
      { onGained: (id) => void this.adopt(id), onLost: (id) => this.runs.abandonOrder(id) },
      log,
    )
    bus.subscribe(ORDERS_CHANNEL, (m) => this.onOrderNotice(m as OrderNotice))
  }

  /**
   * `fn` runs inside the transaction that settles a ticket (FINISHED, ABNORMAL or CANCELED), once per ticket, so
   * whatever it queues (a job API callback) commits exactly with the settling.
   */
  onSettledInTx(fn: SettledListener) {
    this.settledListeners.push(fn)
  }

  private async settled(tx: Tx, orderId: number, status: OrderStatus) {
    for (const fn of this.settledListeners) await fn(tx, orderId, status)
  }

  /** Starts the lease keeper: live tickets without a live driver (ours from before a restart too) are taken. */
  async recover() {
    await this.leases.start()
  }

  /** Stops driving without recording outcomes; the leases are freed so another replica continues at once. */
  async stop() {
    this.stopping = true
    await this.runs.stop()
    await Promise.all([...this.chains.values()].map((c) => c.catch(() => {})))
    await this.leases.stop()
  }

  isFollowing(instanceId: number) {
    return this.runs.has(instanceId)
  }

  /** A ticket this replica just took over: re-attach its running instances, then move it on. */
  private async adopt(orderId: number) {
    try {
      const order = await this.repo.byId(orderId)
      if (!order) return
      for (const inst of await this.repo.processingInstances(orderId)) {
        if (!this.runs.has(inst.id)) void this.runs.follow(order, inst, 'attach')
      }
      await this.kick(orderId)
    } catch (err) {
      this.log.warn({ err, orderId }, 'taking a ticket over failed')
    }
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

  /** Moves a ticket forward as far as it can go now, taking its lease first when it is free. */
  async kick(orderId: number) {
    if (this.stopping) return
    try {
      if (!this.leases.owns(orderId) && !(await this.leases.claim(orderId))) return
      await this.serial(orderId, () => this.advance(orderId))
    } catch (err) {
      this.log.warn({ err, orderId }, 'execution step failed')
    }
  }

  /** Plans and writes steps until the ticket has to wait; true when it wrote any (and so emitted the ticket). */
  private async advance(orderId: number): Promise<boolean> {
    let stepped = false
    for (let guard = 0; guard < 100 && !this.stopping; guard++) {
      // Most passes (a host ended, its batch still runs) find nothing to do: a plain read says so in one round
      // trip. Whatever could enable a step commits before the pass that follows it starts (hosts' ends, operations),
      // so this read is never older than the reason for the pass.
      if (!plan(await this.repo.machineState(orderId))) return stepped
      // The plan is made and written under the ticket's row lock, and only while this replica holds the lease.
      const written = await this.db.transaction(async (tx) => {
        if (!(await this.repo.lockOrder(tx, orderId, REPLICA_ID))) return undefined
        const step = plan(await this.repo.machineState(orderId, tx))
        if (!step) return undefined
        const started = await this.repo.applyStep(tx, orderId, step)
        if (step.orderStatus && TERMINAL_ORDER.includes(step.orderStatus))
          await this.settled(tx, orderId, step.orderStatus)
        return { step, started }
      })
      if (!written) return stepped
      const { step, started } = written
      stepped = true
      const order = (await this.repo.byId(orderId))!
      for (const b of step.batches)
        this.events.emit(order.tenantId, { type: 'batch', executeUuid: order.uuid, index: b.index, status: b.status })
      for (const inst of started) {
        this.events.emit(order.tenantId, { type: 'instance', executeUuid: order.uuid, instance: toInstanceView(inst) })
        void this.runs.follow(order, inst, 'run')
      }
      await this.emitTicket(order)
      if (step.orderStatus && step.orderStatus !== 'PROCESSING') {
        this.log.info({ executeUuid: order.uuid, status: step.orderStatus, replica: REPLICA_ID }, 'ticket settled')
        this.leases.forget(orderId)
      }
    }
    return stepped
  }

  /**
   * Applies an operator's operation from any replica: checked by the state machine (a refusal is a 400)
   * and written under the ticket's row lock, running processes of canceled instances killed through their
   * agents, and the ticket moved on, here when this replica drives it, else by its driver (notified).
   */
  operate(order: ExecutionOrderRow, op: Operation, actor: string) {
    const work = async () => {
      const result = await this.db.transaction(async (tx) => {
        await this.repo.lockOrder(tx, order.id)
        const r = applyOperation(await this.repo.machineState(order.id, tx), op)
        if (!r.ok) throw new InvalidTransitionError(r.phrase, 'COC.00040701')
        const note = op.type === 'SKIP_BATCH' ? `batch skipped by ${actor}` : `canceled by ${actor}`
        const before = (await this.repo.byId(order.id, tx))!.status
        await this.repo.applyEffect(tx, order.id, r.effect, note)
        const after = (await this.repo.byId(order.id, tx))!.status
        if (after !== before && TERMINAL_ORDER.includes(after)) await this.settled(tx, order.id, after)
        return r
      })
      const kill = result.effect.kill
      // An agent that is gone cannot be told; its run is followed to its end (or lost) like any other.
      for (const inst of await this.repo.instancesByIds(this.runs.cancel(kill)))
        if (inst.commandId) void this.dispatch.cancel(inst.agentSn, inst.commandId).catch(() => {})
      const touched = await this.repo.instancesByIds(result.effect.instances.map((i) => i.id))
      for (const inst of touched)
        this.events.emit(order.tenantId, { type: 'instance', executeUuid: order.uuid, instance: toInstanceView(inst) })
      for (const b of result.effect.batches)
        this.events.emit(order.tenantId, { type: 'batch', executeUuid: order.uuid, index: b.index, status: b.status })
      if (this.leases.owns(order.id)) {
        if (!(await this.advance(order.id))) await this.emitTicket((await this.repo.byId(order.id))!)
      } else {
        this.bus.publish(ORDERS_CHANNEL, { orderId: order.id, kill } satisfies OrderNotice)
        await this.emitTicket((await this.repo.byId(order.id))!)
        // A ticket whose driver died (or a paused one nobody drives) is taken here.
        void this.kick(order.id)
      }
      return result.effect
    }
    return this.leases.owns(order.id) ? this.serial(order.id, work) : work()
  }

  private onOrderNotice(n: OrderNotice) {
    if (!this.leases.owns(n.orderId)) return
    this.runs.cancel(n.kill)
    void this.kick(n.orderId)
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

  /** Hosts of a batch that end together trigger one planning pass, not one each. */
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
}
