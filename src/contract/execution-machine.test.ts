import { describe, expect, it } from 'vitest'
import {
  allowedOperations,
  applyEffect,
  applyOperation,
  type MachineState,
  plan,
  statisticsOf,
  successRateOf,
} from './execution-machine'
import type { InstanceStatus } from './execution-rules'

/** Three batches of two hosts (ids 11,12 / 21,22 / 31,32); batch 2 pauses after itself. */
function ticket(rate = 100): MachineState {
  return {
    order: { status: 'READY', successRate: rate },
    batches: [
      { index: 1, rotation: 'CONTINUE', status: 'READY' },
      { index: 2, rotation: 'PAUSE', status: 'READY' },
      { index: 3, rotation: 'CONTINUE', status: 'READY' },
    ],
    instances: [11, 12, 21, 22, 31, 32].map((id) => ({
      id,
      batchIndex: Math.floor(id / 10),
      status: 'READY' as InstanceStatus,
    })),
  }
}
const step = (s: MachineState) => {
  const p = plan(s)
  if (!p) throw new Error('expected a step')
  return { p, s: applyEffect(s, p) }
}
const end = (s: MachineState, ids: number[], status: InstanceStatus) =>
  applyEffect(s, { instances: ids.map((id) => ({ id, status })) })

describe('plan', () => {
  it('runs batches in order, pauses after a PAUSE batch and finishes', () => {
    let { p, s } = step(ticket())
    expect(p).toMatchObject({
      orderStatus: 'PROCESSING',
      currentBatch: 1,
      start: [11, 12],
      batches: [{ index: 1, status: 'PROCESSING' }],
    })
    expect(plan(s)).toBeNull() // hosts running: wait
    s = end(s, [11, 12], 'FINISHED')
    ;({ p, s } = step(s))
    expect(p).toMatchObject({
      currentBatch: 2,
      start: [21, 22],
      batches: [
        { index: 1, status: 'FINISHED' },
        { index: 2, status: 'PROCESSING' },
      ],
    })
    s = end(s, [21, 22], 'FINISHED')
    ;({ p, s } = step(s))
    expect(p).toMatchObject({ orderStatus: 'PAUSED', batches: [{ index: 2, status: 'FINISHED' }], start: [] })
    expect(plan(s)).toBeNull()
    const cont = applyOperation(s, { type: 'CONTINUE_ORDER' })
    expect(cont.ok).toBe(true)
    s = applyEffect(s, cont.ok ? cont.effect : {})
    ;({ p, s } = step(s))
    expect(p).toMatchObject({ currentBatch: 3, start: [31, 32] })
    s = end(s, [31, 32], 'FINISHED')
    ;({ p, s } = step(s))
    expect(p.orderStatus).toBe('FINISHED')
    expect(plan(s)).toBeNull()
  })

  it('stops ABNORMAL when a batch falls below the success rate, leaving later batches untouched', () => {
    let { s } = step(ticket(60))
    s = end(end(s, [11], 'FINISHED'), [12], 'ABNORMAL')
    const { p, s: after } = step(s)
    expect(p.orderStatus).toBe('ABNORMAL')
    expect(p.message).toMatch(/Batch 1: 50.0% .* 60%/)
    expect(after.batches.map((b) => b.status)).toEqual(['ABNORMAL', 'READY', 'READY'])
    expect(after.instances.filter((i) => i.status === 'READY')).toHaveLength(4)
  })

  it('passes a batch at exactly the threshold and ignores canceled hosts in the rate', () => {
    let { s } = step(ticket(50))
    s = end(end(s, [11], 'FINISHED'), [12], 'ABNORMAL')
    expect(step(s).p.batches[0]).toEqual({ index: 1, status: 'FINISHED' })
    expect(
      successRateOf([
        { id: 1, batchIndex: 1, status: 'CANCELED' },
        { id: 2, batchIndex: 1, status: 'FINISHED' },
      ]),
    ).toBe(100)
    expect(successRateOf([{ id: 1, batchIndex: 1, status: 'CANCELED' }])).toBe(100)
  })

  it('starts hosts of a running batch that were never launched (restart between writes)', () => {
    let { s } = step(ticket())
    s = end(s, [12], 'READY')
    expect(plan(s)).toMatchObject({ start: [12] })
  })

  it('lets a paused ticket finish its running batch but starts nothing new', () => {
    let { s } = step(ticket())
    const pause = applyOperation(s, { type: 'PAUSE_ORDER' })
    s = applyEffect(s, pause.ok ? pause.effect : {})
    expect(s.order.status).toBe('PAUSED')
    s = end(s, [11, 12], 'FINISHED')
    const { p } = step(s)
    expect(p).toEqual({ batches: [{ index: 1, status: 'FINISHED' }], start: [] })
  })

  it('does nothing for terminal tickets', () => {
    for (const status of ['FINISHED', 'ABNORMAL', 'CANCELED'] as const)
      expect(plan({ ...ticket(), order: { status, successRate: 100 } })).toBeNull()
  })
})

describe('operations', () => {
  it('cancels a running host (kill) or a waiting one, never a finished one', () => {
    let { s } = step(ticket())
    const r = applyOperation(s, { type: 'CANCEL_INSTANCE', instanceId: 11 })
    expect(r).toEqual({
      ok: true,
      effect: { batches: [], instances: [{ id: 11, status: 'CANCELED' }], kill: [11], retry: [] },
    })
    const waiting = applyOperation(s, { type: 'CANCEL_INSTANCE', instanceId: 31 })
    expect(waiting.ok && waiting.effect.kill).toEqual([])
    s = end(s, [12], 'FINISHED')
    expect(applyOperation(s, { type: 'CANCEL_INSTANCE', instanceId: 12 })).toEqual({
      ok: false,
      reason: 'instance 12 is already FINISHED',
      phrase: { key: 'op.instance-ended', params: { instance: 12, instanceStatus: 'FINISHED' } },
    })
    expect(applyOperation(s, { type: 'CANCEL_INSTANCE', instanceId: 99 }).ok).toBe(false)
  })

  it('skips only a batch that has not started', () => {
    const { s } = step(ticket())
    expect(applyOperation(s, { type: 'SKIP_BATCH', batchIndex: 1 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/PROCESSING/),
    })
    const r = applyOperation(s, { type: 'SKIP_BATCH', batchIndex: 3 })
    expect(r).toMatchObject({
      ok: true,
      effect: {
        batches: [{ index: 3, status: 'SKIPPED' }],
        instances: [
          { id: 31, status: 'CANCELED' },
          { id: 32, status: 'CANCELED' },
        ],
      },
    })
    expect(applyOperation(s, { type: 'SKIP_BATCH', batchIndex: 7 }).ok).toBe(false)
  })

  it('a skipped last batch lets the ticket finish', () => {
    let { s } = step(ticket())
    for (const b of [2, 3]) {
      const r = applyOperation(s, { type: 'SKIP_BATCH', batchIndex: b })
      s = applyEffect(s, r.ok ? r.effect : {})
    }
    s = end(s, [11, 12], 'FINISHED')
    expect(step(s).p.orderStatus).toBe('FINISHED')
  })

  it('cancels the whole ticket, killing running hosts', () => {
    const { s } = step(ticket())
    const r = applyOperation(s, { type: 'CANCEL_ORDER' })
    expect(r.ok && r.effect.orderStatus).toBe('CANCELED')
    expect(r.ok && r.effect.kill).toEqual([11, 12])
    const after = applyEffect(s, r.ok ? r.effect : {})
    expect(after.instances.every((i) => i.status === 'CANCELED')).toBe(true)
    expect(applyOperation(after, { type: 'CANCEL_ORDER' }).ok).toBe(false)
    expect(applyOperation(after, { type: 'PAUSE_ORDER' }).ok).toBe(false)
    expect(applyOperation(after, { type: 'CONTINUE_ORDER' }).ok).toBe(false)
  })

  it('pauses only running tickets and continues only paused ones', () => {
    const { s } = step(ticket())
    expect(applyOperation(s, { type: 'CONTINUE_ORDER' }).ok).toBe(false)
    expect(applyOperation(s, { type: 'PAUSE_ORDER' }).ok).toBe(true)
  })

  it('retries failed and canceled hosts in the same ticket, keeping the batch layout', () => {
    let { s } = step(ticket(100))
    s = end(end(s, [11], 'FINISHED'), [12], 'ABNORMAL')
    s = step(s).s
    expect(s.order.status).toBe('ABNORMAL')
    expect(applyOperation(s, { type: 'RETRY_INSTANCE', instanceId: 11 })).toMatchObject({ ok: false })
    const r = applyOperation(s, { type: 'RETRY_FAILED' })
    expect(r).toMatchObject({
      ok: true,
      effect: { orderStatus: 'PROCESSING', retry: [12], batches: [{ index: 1, status: 'READY' }] },
    })
    s = applyEffect(s, r.ok ? r.effect : {})
    const next = step(s)
    expect(next.p).toMatchObject({ currentBatch: 1, start: [12] })
    s = end(next.s, [12], 'FINISHED')
    expect(step(s).p).toMatchObject({
      batches: [
        { index: 1, status: 'FINISHED' },
        { index: 2, status: 'PROCESSING' },
      ],
      start: [21, 22],
    })
  })

  it('refuses retry while the ticket runs or nothing failed', () => {
    const { s } = step(ticket())
    expect(applyOperation(s, { type: 'RETRY_FAILED' })).toMatchObject({ ok: false })
    const finished: MachineState = {
      ...s,
      order: { status: 'FINISHED', successRate: 100 },
      instances: s.instances.map((i) => ({ ...i, status: 'FINISHED' })),
    }
    expect(applyOperation(finished, { type: 'RETRY_FAILED' })).toEqual({
      ok: false,
      reason: 'no abnormal or canceled hosts to retry',
      phrase: { key: 'op.nothing-to-retry', params: {} },
    })
  })

  it('lists the ticket operations the state allows', () => {
    const { s } = step(ticket())
    expect(allowedOperations(s)).toEqual(['PAUSE_ORDER', 'CANCEL_ORDER', 'SKIP_BATCH', 'CANCEL_INSTANCE'])
    const paused = applyEffect(s, { orderStatus: 'PAUSED' })
    expect(allowedOperations(paused)).toContain('CONTINUE_ORDER')
  })
})

it('statistics count every status with its batches', () => {
  const stats = statisticsOf([
    { id: 1, batchIndex: 1, status: 'FINISHED' },
    { id: 2, batchIndex: 2, status: 'FINISHED' },
    { id: 3, batchIndex: 2, status: 'ABNORMAL' },
  ])
  expect(stats.total_instance).toBe(3)
  expect(stats.execute_statistics.find((e) => e.instance_status === 'FINISHED')).toEqual({
    instance_status: 'FINISHED',
    instance_count: 2,
    batch_indexes: [1, 2],
  })
  expect(stats.execute_statistics.map((e) => e.instance_status)).toEqual([
    'READY',
    'PROCESSING',
    'ABNORMAL',
    'CANCELED',
    'FINISHED',
  ])
})
