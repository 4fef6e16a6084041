import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ExecutionEvent } from '../../../contract/execution-events'
import type { ExecutionDetail, InstanceLog, InstanceView } from '../../../contract/executions'
import { connectExecutionEvents, useExecutionLive, type EventSourceLike } from './execution-live'
import { executionQueries } from './execution-queries'

const UUID = 'SCT20261123080000000000001'
const counts = { READY: 0, PROCESSING: 1, ABNORMAL: 0, CANCELED: 0, FINISHED: 1 }

class FakeEventSource implements EventSourceLike {
  static last: FakeEventSource
  onopen: EventSourceLike['onopen'] = null
  onmessage: EventSourceLike['onmessage'] = null
  onerror: EventSourceLike['onerror'] = null
  readyState = 1
  closed = false
  constructor(readonly url: string) {
    FakeEventSource.last = this
  }
  emit(event: ExecutionEvent | string) {
    this.onmessage?.(new MessageEvent('message', { data: typeof event === 'string' ? event : JSON.stringify(event) }))
  }
  close() {
    this.closed = true
  }
}
const open = (url: string) => new FakeEventSource(url)

const instance = (over: Partial<InstanceView> = {}): InstanceView => ({
  id: 7,
  batchIndex: 1,
  hostId: 1,
  hostName: 'web-01',
  ip: '10.0.0.1',
  agentSn: 'sn1',
  resourceId: 'r1',
  status: 'PROCESSING',
  exitCode: null,
  message: '',
  attempt: 1,
  startedAt: null,
  finishedAt: null,
  logBytes: 0,
  ...over,
})
const detail = {
  executeUuid: UUID,
  status: 'PROCESSING',
  currentBatch: 1,
  counts,
  finishedAt: null,
  message: '',
  allowedOperations: ['PAUSE_ORDER'],
  batches: [
    { index: 1, rotation: 'CONTINUE', status: 'PROCESSING' },
    { index: 2, rotation: 'PAUSE', status: 'READY' },
  ],
} as unknown as ExecutionDetail

function seeded() {
  const qc = new QueryClient()
  qc.setQueryData(executionQueries.detail(UUID).queryKey, detail)
  qc.setQueryData(executionQueries.instances(UUID, { page: 1 }).queryKey, {
    items: [instance(), instance({ id: 8, hostName: 'web-02' })],
    total: 2,
    page: 1,
    pageSize: 50,
  })
  qc.setQueryData(executionQueries.log(UUID, 7).queryKey, {
    instanceId: 7,
    status: 'PROCESSING',
    log: 'line 1\n',
    marks: [{ length: 7, stream: 'stdout', at: '2026-11-28T10:00:01.000Z' }],
    truncated: false,
    bytes: 7,
    exitCode: null,
    message: '',
    startedAt: '2026-11-28T10:00:00.000Z',
    finishedAt: null,
  })
  return qc
}

afterEach(() => vi.useRealTimers())

describe('execution live client', () => {
  it('opens the ticket stream and patches detail, batches, host rows and the log', () => {
    vi.useFakeTimers()
    const qc = seeded()
    const invalidate = vi.spyOn(qc, 'invalidateQueries')
    connectExecutionEvents(qc, UUID, open, () => {})
    const es = FakeEventSource.last
    expect(es.url).toBe(`/api/executions/${UUID}/events`)

    es.emit({ type: 'batch', executeUuid: UUID, index: 2, status: 'PROCESSING' })
    es.emit({ type: 'instance', executeUuid: UUID, instance: instance({ status: 'FINISHED', exitCode: 0 }) })
    const at = '2026-11-28T10:00:02.000Z'
    es.emit({ type: 'log', executeUuid: UUID, instanceId: 7, attempt: 1, data: 'line 2\n', stream: 'stderr', at })
    es.emit({ type: 'log', executeUuid: UUID, instanceId: 7, attempt: 0, data: 'stale\n', stream: 'stdout', at })
    es.emit({
      type: 'ticket',
      executeUuid: UUID,
      status: 'PAUSED',
      currentBatch: 2,
      counts: { ...counts, PROCESSING: 0, FINISHED: 2 },
      finishedAt: null,
      message: '',
    })
    es.emit('not json')
    es.emit({
      type: 'ticket',
      executeUuid: 'another',
      status: 'CANCELED',
      currentBatch: 1,
      counts,
      finishedAt: null,
      message: '',
    })

    const d = qc.getQueryData<ExecutionDetail>(executionQueries.detail(UUID).queryKey)!
    expect(d.status).toBe('PAUSED')
    expect(d.currentBatch).toBe(2)
    expect(d.counts.FINISHED).toBe(2)
    expect(d.batches[1].status).toBe('PROCESSING')
    const rows = qc.getQueryData<{ items: InstanceView[] }>(
      executionQueries.instances(UUID, { page: 1 }).queryKey,
    )!.items
    expect(rows[0]).toMatchObject({ id: 7, status: 'FINISHED', exitCode: 0 })
    expect(rows[1].status).toBe('PROCESSING')
    const log = qc.getQueryData<InstanceLog>(executionQueries.log(UUID, 7).queryKey)!
    expect(log.log).toBe('line 1\nline 2\n')
    expect(log.marks).toEqual([
      { length: 7, stream: 'stdout', at: '2026-11-28T10:00:01.000Z' },
      { length: 7, stream: 'stderr', at },
    ])

    // Coarse refetches are throttled: none yet, one batch after a second.
    expect(invalidate).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1000)
    const keys = invalidate.mock.calls.map(([f]) => f?.queryKey)
    expect(keys).toContainEqual(executionQueries.detail(UUID).queryKey)
    expect(keys).toContainEqual(executionQueries.ticket(UUID))
    expect(keys).toContainEqual(executionQueries.log(UUID, 7).queryKey)
  })

  it('reloads the log when a host starts a new attempt', () => {
    vi.useFakeTimers()
    const qc = seeded()
    const invalidate = vi.spyOn(qc, 'invalidateQueries')
    connectExecutionEvents(qc, UUID, open, () => {})
    FakeEventSource.last.emit({ type: 'instance', executeUuid: UUID, instance: instance({ attempt: 2 }) })
    vi.advanceTimersByTime(1000)
    expect(invalidate.mock.calls.map(([f]) => f?.queryKey)).toContainEqual(executionQueries.log(UUID, 7).queryKey)
  })

  it('polls while the browser reconnects, and goes live again when the stream is back', () => {
    const qc = seeded()
    const invalidate = vi.spyOn(qc, 'invalidateQueries')
    const onState = vi.fn()
    connectExecutionEvents(qc, UUID, open, onState)
    const es = FakeEventSource.last
    es.readyState = 0
    es.onerror?.(new Event('error'))
    es.onerror?.(new Event('error'))
    expect(es.closed).toBe(false)
    expect(onState.mock.calls).toEqual([['polling']])
    es.readyState = 1
    es.onopen?.(new Event('open'))
    expect(onState.mock.calls).toEqual([['polling'], ['live']])
    expect(invalidate).toHaveBeenCalledWith({ queryKey: executionQueries.ticket(UUID) })
  })

  it('closes the stream and reports the failure once when the browser gives up', () => {
    const qc = seeded()
    const onState = vi.fn()
    connectExecutionEvents(qc, UUID, open, onState)
    const es = FakeEventSource.last
    es.readyState = 2
    es.onerror?.(new Event('error'))
    es.onerror?.(new Event('error'))
    expect(es.closed).toBe(true)
    expect(onState.mock.calls).toEqual([['polling']])
  })

  it('falls back to polling every 2 s without EventSource (jsdom), and stops when the ticket is done', () => {
    vi.useFakeTimers()
    const qc = seeded()
    const invalidate = vi.spyOn(qc, 'invalidateQueries')
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={qc}>{children}</QueryClientProvider>
    )
    const { result, rerender } = renderHook(({ status }) => useExecutionLive(UUID, status), {
      wrapper,
      initialProps: { status: 'PROCESSING' as const } as { status: 'PROCESSING' | 'FINISHED' },
    })
    expect(result.current).toBe('polling')
    act(() => vi.advanceTimersByTime(4000))
    expect(invalidate).toHaveBeenCalledTimes(2)
    expect(invalidate).toHaveBeenLastCalledWith({ queryKey: executionQueries.ticket(UUID) })
    rerender({ status: 'FINISHED' })
    expect(result.current).toBe('off')
    act(() => vi.advanceTimersByTime(4000))
    expect(invalidate).toHaveBeenCalledTimes(2)
  })

  it('uses the stream when it works, and polls after it fails', () => {
    const qc = seeded()
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={qc}>{children}</QueryClientProvider>
    )
    const { result } = renderHook(() => useExecutionLive(UUID, 'PROCESSING', open), { wrapper })
    expect(result.current).toBe('live')
    act(() => {
      FakeEventSource.last.readyState = 2
      FakeEventSource.last.onerror?.(new Event('error'))
    })
    expect(result.current).toBe('polling')
  })
})
