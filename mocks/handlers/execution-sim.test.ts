import { describe, expect, it } from 'vitest'
import { buildExecution, buildTarget } from '../factories/executions'
import { detailOf, operate, tick } from './execution-sim'

describe('mock execution engine', () => {
  it('runs batches in order, pauses after a PAUSE batch, continues on request and finishes', () => {
    const e = buildExecution(
      [{ targets: [buildTarget(1), buildTarget(2)], rotation: 'PAUSE' }, { targets: [buildTarget(3)] }],
      { successRate: 1 },
    )
    expect(detailOf(e).allowedOperations).toEqual(
      expect.arrayContaining(['PAUSE_ORDER', 'CANCEL_ORDER', 'SKIP_BATCH', 'CANCEL_INSTANCE']),
    )
    tick(e, true)
    expect(e.status).toBe('PROCESSING')
    expect(
      e.instances.filter((i) => i.batchIndex === 1).every((i) => i.status === 'PROCESSING' && i.attempt === 1),
    ).toBe(true)
    tick(e, true)
    expect(e.status).toBe('PAUSED')
    expect(e.batches.map((b) => b.status)).toEqual(['FINISHED', 'READY'])
    expect(e.instances[0].log).toContain('line 20')
    expect(() => operate(e, { type: 'PAUSE_ORDER' }, 'INVALID_TRANSITION')).toThrow(
      /only a running ticket can be paused/,
    )
    operate(e, { type: 'CONTINUE_ORDER' }, 'INVALID_TRANSITION')
    tick(e, true)
    expect(e.batches[1].status).toBe('PROCESSING')
    tick(e, true)
    expect(e.status).toBe('FINISHED')
    expect(e.finishedAt).not.toBeNull()
    expect(detailOf(e).allowedOperations).toEqual([])
  })

  it('stops ABNORMAL below the success rate, then retries the failed host', () => {
    const e = buildExecution([{ targets: [buildTarget(1)] }, { targets: [buildTarget(2)] }])
    // Every ninth host fails its first attempt.
    e.instances[0].id = 9
    e.instances[1].id = 10
    tick(e, true)
    tick(e, true)
    expect(e.status).toBe('ABNORMAL')
    expect(e.message).toMatch(/below the required 100%/)
    expect(e.batches[1].status).toBe('READY')
    operate(e, { type: 'RETRY_FAILED' }, 'INVALID_TRANSITION')
    expect(e.status).toBe('PROCESSING')
    tick(e, true)
    expect(e.instances[0]).toMatchObject({ status: 'PROCESSING', attempt: 2 })
    tick(e, true)
    tick(e, true)
    expect(e.status).toBe('FINISHED')
  })
})
