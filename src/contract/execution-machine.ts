import {
  type BatchStatus,
  INSTANCE_STATUSES,
  type InstanceStatus,
  type OperationType,
  type OrderStatus,
  type RotationStrategy,
  TERMINAL_INSTANCE,
  TERMINAL_ORDER,
} from './execution-rules'
import { type RefusalPhrase, refusal, renderRefusal } from './refusal-text'

/**
 * The execution state machine, pure: the engine asks `plan` what to do next and `applyOperation` what an
 * operator's request changes; the SPA asks `allowedOperations` which buttons to enable. Nothing here does I/O.
 *
 * Ticket: READY → PROCESSING → FINISHED | ABNORMAL | PAUSED | CANCELED; PAUSED → PROCESSING on CONTINUE_ORDER.
 * Batches run in order, all hosts of a batch at once. A finished batch whose success rate is below the
 * ticket's threshold stops the ticket ABNORMAL (later batches untouched); a PAUSE batch pauses the ticket
 * after it. Canceled hosts are an operator's decision, not a failure: they do not count in the rate.
 */
export interface MachineBatch {
  index: number
  rotation: RotationStrategy
  status: BatchStatus
}
export interface MachineInstance {
  id: number
  batchIndex: number
  status: InstanceStatus
}
export interface MachineState {
  order: { status: OrderStatus; successRate: number }
  batches: MachineBatch[]
  instances: MachineInstance[]
}

/** What the engine must write (and launch) next. */
export interface Step {
  orderStatus?: OrderStatus
  currentBatch?: number
  /** Why the ticket stopped ABNORMAL. */
  message?: string
  batches: { index: number; status: BatchStatus }[]
  /** Instance ids to set PROCESSING and run. */
  start: number[]
}

const done = (b: MachineBatch) => b.status === 'FINISHED' || b.status === 'SKIPPED' || b.status === 'CANCELED'

/** Percentage of non-canceled hosts that finished; 100 when every host was canceled. */
export function successRateOf(instances: MachineInstance[]): number {
  const counted = instances.filter((i) => i.status !== 'CANCELED')
  if (counted.length === 0) return 100
  return (counted.filter((i) => i.status === 'FINISHED').length / counted.length) * 100
}

/** The next step of a READY, PROCESSING or PAUSED ticket, or null when there is nothing to do now. */
export function plan(s: MachineState): Step | null {
  const { order } = s
  if (TERMINAL_ORDER.includes(order.status)) return null
  const step: Step = { batches: [], start: [] }
  let status: OrderStatus = order.status === 'READY' ? 'PROCESSING' : order.status
  if (status !== order.status) step.orderStatus = status
  const batches = [...s.batches].sort((a, b) => a.index - b.index)
  for (const [pos, batch] of batches.entries()) {
    if (done(batch)) continue
    const insts = s.instances.filter((i) => i.batchIndex === batch.index)
    if (batch.status === 'ABNORMAL') {
      // Only reachable when a write was interrupted between the batch and the ticket: finish the job.
      return { ...step, orderStatus: 'ABNORMAL', message: `batch ${batch.index} is abnormal` }
    }
    if (batch.status === 'READY') {
      if (status === 'PAUSED') return changed(step)
      step.batches.push({ index: batch.index, status: 'PROCESSING' })
      step.currentBatch = batch.index
      step.start = insts.filter((i) => i.status === 'READY').map((i) => i.id)
      return step
    }
    // PROCESSING: hosts not yet launched (a restart between the two writes, or a retry) start now.
    const ready = insts.filter((i) => i.status === 'READY')
    if (ready.length && status === 'PROCESSING')
      return { ...step, currentBatch: batch.index, start: ready.map((i) => i.id) }
    if (ready.length || insts.some((i) => i.status === 'PROCESSING')) return changed(step)
    const rate = successRateOf(insts)
    if (rate + 1e-9 < order.successRate) {
      step.batches.push({ index: batch.index, status: 'ABNORMAL' })
      return {
        ...step,
        orderStatus: 'ABNORMAL',
        message:
          `Batch ${batch.index}: ${rate.toFixed(1)}% of hosts succeeded, ` + `below the required ${order.successRate}%`,
      }
    }
    step.batches.push({ index: batch.index, status: 'FINISHED' })
    const more = batches.slice(pos + 1).some((b) => !done(b))
    if (batch.rotation === 'PAUSE' && more && status === 'PROCESSING') {
      status = 'PAUSED'
      return { ...step, orderStatus: 'PAUSED' }
    }
  }
  return { ...step, orderStatus: 'FINISHED' }
}

function changed(step: Step): Step | null {
  return step.orderStatus || step.batches.length || step.start.length ? step : null
}

export type Operation =
  | { type: 'CANCEL_INSTANCE'; instanceId: number }
  | { type: 'RETRY_INSTANCE'; instanceId: number }
  | { type: 'SKIP_BATCH'; batchIndex: number }
  | { type: 'CANCEL_ORDER' | 'PAUSE_ORDER' | 'CONTINUE_ORDER' | 'RETRY_FAILED' }

/**
 * What an operation writes. `kill`: running instances whose processes must be killed; `retry`: instances to run again.
 */
export interface Effect {
  orderStatus?: OrderStatus
  batches: { index: number; status: BatchStatus }[]
  instances: { id: number; status: InstanceStatus }[]
  kill: number[]
  retry: number[]
}

/** A refused operation says why: `reason` is the English sentence, `phrase` the same in the reader's language. */
export type OperationResult = { ok: true; effect: Effect } | { ok: false; reason: string; phrase: RefusalPhrase }

const fail = (phrase: RefusalPhrase): OperationResult => ({ ok: false, reason: renderRefusal(phrase, 'en-US'), phrase })
const RETRYABLE: readonly InstanceStatus[] = ['ABNORMAL', 'CANCELED']

/** Checks an operation against the state; an operation the state does not allow is refused with the reason. */
export function applyOperation(s: MachineState, op: Operation): OperationResult {
  const st = s.order.status
  const live = !TERMINAL_ORDER.includes(st)
  const effect: Effect = { batches: [], instances: [], kill: [], retry: [] }
  switch (op.type) {
    case 'CANCEL_INSTANCE': {
      const inst = s.instances.find((i) => i.id === op.instanceId)
      if (!inst) return fail(refusal('op.instance-not-in-ticket', { instance: op.instanceId }))
      if (!live) return fail(refusal('op.hosts-not-cancelable', { ticketStatus: st }))
      if (TERMINAL_INSTANCE.includes(inst.status))
        return fail(refusal('op.instance-ended', { instance: op.instanceId, instanceStatus: inst.status }))
      effect.instances.push({ id: inst.id, status: 'CANCELED' })
      if (inst.status === 'PROCESSING') effect.kill.push(inst.id)
      return { ok: true, effect }
    }
    case 'SKIP_BATCH': {
      const batch = s.batches.find((b) => b.index === op.batchIndex)
      if (!batch) return fail(refusal('op.no-batch', { batch: op.batchIndex }))
      if (!live) return fail(refusal('op.batches-not-skippable', { ticketStatus: st }))
      if (batch.status !== 'READY')
        return fail(refusal('op.batch-started', { batch: op.batchIndex, batchStatus: batch.status }))
      effect.batches.push({ index: batch.index, status: 'SKIPPED' })
      for (const i of s.instances)
        if (i.batchIndex === batch.index && i.status === 'READY')
          effect.instances.push({ id: i.id, status: 'CANCELED' })
      return { ok: true, effect }
    }
    case 'CANCEL_ORDER': {
      if (!live) return fail(refusal('op.ticket-ended', { ticketStatus: st }))
      effect.orderStatus = 'CANCELED'
      for (const b of s.batches)
        if (b.status === 'READY' || b.status === 'PROCESSING')
          effect.batches.push({ index: b.index, status: 'CANCELED' })
      for (const i of s.instances) {
        if (i.status === 'READY' || i.status === 'PROCESSING') effect.instances.push({ id: i.id, status: 'CANCELED' })
        if (i.status === 'PROCESSING') effect.kill.push(i.id)
      }
      return { ok: true, effect }
    }
    case 'PAUSE_ORDER':
      if (st !== 'PROCESSING' && st !== 'READY') return fail(refusal('op.pause-not-running', { ticketStatus: st }))
      return { ok: true, effect: { ...effect, orderStatus: 'PAUSED' } }
    case 'CONTINUE_ORDER':
      if (st !== 'PAUSED') return fail(refusal('op.continue-not-paused', { ticketStatus: st }))
      return { ok: true, effect: { ...effect, orderStatus: 'PROCESSING' } }
    case 'RETRY_INSTANCE':
    case 'RETRY_FAILED': {
      if (st === 'PROCESSING' || st === 'READY') return fail(refusal('op.retry-while-running'))
      if (s.instances.some((i) => i.status === 'PROCESSING')) return fail(refusal('op.retry-hosts-running'))
      const targets =
        op.type === 'RETRY_INSTANCE'
          ? s.instances.filter((i) => i.id === op.instanceId)
          : s.instances.filter((i) => RETRYABLE.includes(i.status))
      if (op.type === 'RETRY_INSTANCE' && !targets.length)
        return fail(refusal('op.instance-not-in-ticket', { instance: op.instanceId }))
      const bad = targets.find((i) => !RETRYABLE.includes(i.status))
      if (bad) return fail(refusal('op.retry-not-failed', { instance: bad.id, instanceStatus: bad.status }))
      if (!targets.length) return fail(refusal('op.nothing-to-retry'))
      for (const i of targets) effect.instances.push({ id: i.id, status: 'READY' })
      effect.retry = targets.map((i) => i.id)
      const indexes = new Set(targets.map((i) => i.batchIndex))
      for (const b of s.batches) if (indexes.has(b.index)) effect.batches.push({ index: b.index, status: 'READY' })
      effect.orderStatus = 'PROCESSING'
      return { ok: true, effect }
    }
  }
}

/** Ticket-level operations the state allows now (instance and batch operations are checked per row). */
export function allowedOperations(s: MachineState): OperationType[] {
  const ops: OperationType[] = []
  for (const type of ['PAUSE_ORDER', 'CONTINUE_ORDER', 'CANCEL_ORDER', 'RETRY_FAILED'] as const) {
    if (applyOperation(s, { type }).ok) ops.push(type)
  }
  if (s.batches.some((b) => applyOperation(s, { type: 'SKIP_BATCH', batchIndex: b.index }).ok)) ops.push('SKIP_BATCH')
  if (s.instances.some((i) => applyOperation(s, { type: 'CANCEL_INSTANCE', instanceId: i.id }).ok))
    ops.push('CANCEL_INSTANCE')
  if (s.instances.some((i) => applyOperation(s, { type: 'RETRY_INSTANCE', instanceId: i.id }).ok))
    ops.push('RETRY_INSTANCE')
  return ops
}

/** Applies an effect or step to a state (the engine's tests and the MSW mocks replay the machine with it). */
export function applyEffect(
  s: MachineState,
  e: Partial<Effect> & { orderStatus?: OrderStatus; start?: number[] },
): MachineState {
  const bs = new Map((e.batches ?? []).map((b) => [b.index, b.status]))
  const is = new Map((e.instances ?? []).map((i) => [i.id, i.status]))
  for (const id of e.start ?? []) is.set(id, 'PROCESSING')
  return {
    order: { ...s.order, status: e.orderStatus ?? s.order.status },
    batches: s.batches.map((b) => ({ ...b, status: bs.get(b.index) ?? b.status })),
    instances: s.instances.map((i) => ({ ...i, status: is.get(i.id) ?? i.status })),
  }
}

/** COC GetScriptJobStatistics: every instance status with its count and the batches holding it. */
export function statisticsOf(instances: MachineInstance[]) {
  return {
    total_instance: instances.length,
    execute_statistics: INSTANCE_STATUSES.map((status) => {
      const of = instances.filter((i) => i.status === status)
      return {
        instance_status: status,
        instance_count: of.length,
        batch_indexes: [...new Set(of.map((i) => i.batchIndex))].sort((a, b) => a - b),
      }
    }),
  }
}
