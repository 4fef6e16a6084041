import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LiveEvent } from '../contract/live-events'
import { LIVE_REFETCH_THROTTLE_MS, type LiveSource, useLiveRefetch } from './live-events'

/** A stream the test speaks through; `opened` counts the streams the hooks asked for. */
function fakeStreams() {
  const sources: (LiveSource & { closed: boolean; url: string })[] = []
  const factory = (url: string) => {
    const s = { onmessage: null, closed: false, url: url, close: () => (s.closed = true) } as LiveSource & {
      closed: boolean
      url: string
    }
    sources.push(s)
    return s
  }
  const say = (e: LiveEvent) =>
    act(() => sources.at(-1)!.onmessage?.({ data: JSON.stringify(e) } as MessageEvent<string>))
  return { sources, factory, say }
}

describe('useLiveRefetch', () => {
  let qc: QueryClient
  let invalidated: unknown[][]
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={qc}>{children}</QueryClientProvider>
  )
  beforeEach(() => {
    vi.useFakeTimers()
    qc = new QueryClient()
    invalidated = []
    vi.spyOn(qc, 'invalidateQueries').mockImplementation(async (f) => {
      invalidated.push([...(f?.queryKey ?? [])])
    })
  })
  afterEach(() => vi.useRealTimers())

  it('refetches on events of its types, at most once a second, and after a reconnect, not on the first hello', async () => {
    const { sources, factory, say } = fakeStreams()
    const { unmount } = renderHook(() => useLiveRefetch(['incident'], ['incidents'], factory), { wrapper })
    expect(sources).toHaveLength(1)
    expect(sources[0]!.url).toBe('/api/live/events')
    await say({ type: 'hello' })
    await act(() => vi.advanceTimersByTimeAsync(2000))
    expect(invalidated).toEqual([])

    await say({ type: 'war-room', warRoomId: 'r', warRoomNum: 'WR1' })
    await act(() => vi.advanceTimersByTimeAsync(2000))
    expect(invalidated).toEqual([]) // not its type

    await say({ type: 'incident', incidentNums: ['I1'], more: 0 })
    await act(() => vi.advanceTimersByTimeAsync(0))
    expect(invalidated).toEqual([['incidents']])
    // A storm: many events within the throttle make one more refetch, a second later.
    for (let i = 0; i < 20; i++) await say({ type: 'incident', incidentNums: [`I${i}`], more: 0 })
    await act(() => vi.advanceTimersByTimeAsync(LIVE_REFETCH_THROTTLE_MS / 2))
    expect(invalidated).toHaveLength(1)
    await act(() => vi.advanceTimersByTimeAsync(LIVE_REFETCH_THROTTLE_MS))
    expect(invalidated).toHaveLength(2)

    // EventSource reconnected: its new hello means events may have been missed.
    await say({ type: 'hello' })
    await act(() => vi.advanceTimersByTimeAsync(2000))
    expect(invalidated).toHaveLength(3)
    unmount()
    expect(sources[0]!.closed).toBe(true)
  })

  it('shares one stream between components and closes it when the last one leaves', async () => {
    const { sources, factory, say } = fakeStreams()
    const one = renderHook(() => useLiveRefetch(['incident'], ['incidents'], factory), { wrapper })
    const two = renderHook(() => useLiveRefetch(['war-room'], ['war-rooms'], factory), { wrapper })
    expect(sources).toHaveLength(1)
    await say({ type: 'hello' })
    await say({ type: 'war-room', warRoomId: 'r', warRoomNum: 'WR1' })
    await act(() => vi.advanceTimersByTimeAsync(0))
    expect(invalidated).toEqual([['war-rooms']])
    one.unmount()
    expect(sources[0]!.closed).toBe(false)
    two.unmount()
    expect(sources[0]!.closed).toBe(true)
  })

  it('ignores what is not a live event', async () => {
    const { sources, factory } = fakeStreams()
    const { unmount } = renderHook(() => useLiveRefetch(['incident'], ['incidents'], factory), { wrapper })
    await act(() => sources[0]!.onmessage?.({ data: 'not json' } as MessageEvent<string>))
    await act(() => sources[0]!.onmessage?.({ data: '{"type":"incident"}' } as MessageEvent<string>))
    await act(() => vi.advanceTimersByTimeAsync(2000))
    expect(invalidated).toEqual([])
    unmount()
  })
})
