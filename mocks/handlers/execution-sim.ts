import {
  allowedOperations,
  applyEffect,
  applyOperation,
  plan,
  type Effect,
  type MachineState,
  type Operation,
  type Step,
} from '../../src/contract/execution-machine'
import { INSTANCE_STATUSES, TERMINAL_ORDER, type InstanceStatus } from '../../src/contract/execution-rules'
import { db } from '../db'
import type { MockExecution, MockInstance } from '../factories/executions'
import { MockError } from '../mock-route'

/**
 * The mock's execution engine: the contract's pure state machine drives every change, so the mock refuses
 * exactly what the BFF refuses. With ticking on (`setExecutionsTicking`, on in the browser) a ticket moves one
 * step each time its detail is read, at most every 1.5 s: running hosts finish, then `plan` starts the next ones.
 */
const workLines = (host: string) => Array.from({ length: 20 }, (_, k) => `[${host}] line ${k + 1}: working…`).join('\n')

export function machineOf(e: MockExecution): MachineState {
  return {
    order: { status: e.status, successRate: e.successRate },
    batches: e.batches.map(({ index, rotation, status }) => ({ index, rotation, status })),
    instances: e.instances.map(({ id, batchIndex, status }) => ({ id, batchIndex, status })),
  }
}

const now = () => new Date().toISOString()

/** Writes a state (after a step or an effect) back to the ticket, with times and logs. */
function write(
  e: MockExecution,
  next: MachineState,
  extra: { start?: number[]; retry?: number[]; kill?: number[]; currentBatch?: number; message?: string },
) {
  const t = now()
  if (e.status !== next.order.status) {
    if (next.order.status === 'PROCESSING' && !e.startedAt) e.startedAt = t
    if (TERMINAL_ORDER.includes(next.order.status)) e.finishedAt = t
    if (next.order.status === 'PROCESSING') e.finishedAt = null
    e.status = next.order.status
  }
  if (extra.currentBatch) e.currentBatch = extra.currentBatch
  if (extra.message !== undefined) e.message = extra.message
  for (const b of e.batches) {
    const status = next.batches.find((x) => x.index === b.index)!.status
    if (status === b.status) continue
    if (status === 'PROCESSING') b.startedAt ??= t
    if (status !== 'PROCESSING' && status !== 'READY') b.finishedAt = t
    if (status === 'READY') b.finishedAt = null
    b.status = status
  }
  for (const i of e.instances) {
    const status = next.instances.find((x) => x.id === i.id)!.status
    if (extra.start?.includes(i.id)) {
      Object.assign(i, {
        attempt: i.attempt + 1,
        startedAt: t,
        finishedAt: null,
        exitCode: null,
        message: '',
        log: `${i.log ? `${i.log}\n--- attempt ${i.attempt + 1} ---\n` : ''}$ ${e.script.content.split('\n')[0]}\n`,
      })
    }
    if (extra.kill?.includes(i.id)) i.log += 'killed by operator\n'
    if (status === 'CANCELED' && i.status !== 'CANCELED')
      Object.assign(i, { finishedAt: t, message: 'canceled by operator' })
    if (extra.retry?.includes(i.id)) Object.assign(i, { finishedAt: null, exitCode: null, message: '' })
    i.status = status
  }
}

function applyStep(e: MockExecution, step: Step) {
  write(e, applyEffect(machineOf(e), step), {
    start: step.start,
    currentBatch: step.currentBatch,
    message: step.message,
  })
}

/** Every ninth host fails its first attempt, so the demo shows an abnormal host (and a retry that works). */
const fails = (i: MockInstance) => i.id % 9 === 0 && i.attempt === 1

const lastTick = new Map<string, number>()

/** One step of a live ticket: running hosts finish with a log, then the machine plans what comes next. */
export function tick(e: MockExecution, force = false) {
  if (!force && (!db.executionTicking || Date.now() - (lastTick.get(e.executeUuid) ?? 0) < 1500)) return
  lastTick.set(e.executeUuid, Date.now())
  if (TERMINAL_ORDER.includes(e.status)) return
  for (const i of e.instances.filter((x) => x.status === 'PROCESSING')) {
    const ok = !fails(i)
    Object.assign(i, {
      status: ok ? 'FINISHED' : 'ABNORMAL',
      exitCode: ok ? 0 : 1,
      message: ok ? 'exit code 0' : 'exit code 1',
      finishedAt: now(),
      log: `${i.log}${workLines(i.hostName)}\n${ok ? 'done' : 'error: disk full'}\n`,
    })
  }
  // A PAUSE batch that finished asks for one more plan (to finish the batch, then to pause).
  for (let guard = 0; guard < 3; guard++) {
    const step = plan(machineOf(e))
    if (!step) return
    applyStep(e, step)
    if (step.start.length || step.orderStatus === 'PAUSED' || TERMINAL_ORDER.includes(e.status)) return
  }
}

/** Runs an operator's request through the machine; a refused one is a 400 with the machine's reason. */
export function operate(e: MockExecution, op: Operation, code: string) {
  const result = applyOperation(machineOf(e), op)
  if (!result.ok) throw new MockError(400, code, result.phrase)
  const effect: Effect = result.effect
  write(e, applyEffect(machineOf(e), effect), {
    kill: effect.kill,
    retry: effect.retry,
    message: effect.orderStatus === 'PROCESSING' ? '' : undefined,
  })
}

export function findExecution(uuid: string, code = 'NOT_FOUND') {
  const e = db.executions.find((x) => x.executeUuid === uuid)
  if (!e) throw new MockError(404, code, `Execution ${uuid} not found`)
  return e
}

export function countsOf(instances: { status: InstanceStatus }[]) {
  return Object.fromEntries(
    INSTANCE_STATUSES.map((s) => [s, instances.filter((i) => i.status === s).length]),
  ) as Record<InstanceStatus, number>
}

export function summaryOf(e: MockExecution) {
  return {
    executeUuid: e.executeUuid,
    orderId: e.orderId,
    kind: e.kind ?? 'script',
    scriptUuid: e.script.uuid,
    scriptName: e.script.name,
    scriptType: e.script.type,
    riskLevel: e.script.risk,
    status: e.status,
    creator: e.creator,
    createdAt: e.createdAt,
    startedAt: e.startedAt,
    finishedAt: e.finishedAt,
    currentBatch: e.currentBatch,
    totalBatches: e.batches.length,
    totalInstances: e.instances.length,
    counts: countsOf(e.instances),
    message: e.message,
  }
}

export function detailOf(e: MockExecution) {
  return {
    ...summaryOf(e),
    scriptVersion: e.script.version,
    scriptRevision: e.script.revision,
    content: e.script.content,
    timeout: e.timeout,
    successRate: e.successRate,
    executeUser: e.executeUser,
    resourceful: e.resourceful,
    params: e.params,
    batches: e.batches.map((b) => ({
      ...b,
      total: e.instances.filter((i) => i.batchIndex === b.index).length,
      counts: countsOf(e.instances.filter((i) => i.batchIndex === b.index)),
    })),
    allowedOperations: allowedOperations(machineOf(e)),
  }
}

export function instanceView(i: MockInstance) {
  const { log, regionId: _r, ...rest } = i
  return { ...rest, logBytes: new TextEncoder().encode(log).length }
}
