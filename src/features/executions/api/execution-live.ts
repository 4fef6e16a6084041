import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { ExecutionEventSchema, type ExecutionEvent } from '../../../contract/execution-events'
import type { OrderStatus } from '../../../contract/execution-rules'
import {
  executionRoutes,
  type ExecutionDetail,
  type InstanceLog,
  type InstanceView,
} from '../../../contract/executions'
import { buildPath } from '../../../contract/http'
import { executionQueries, isLiveStatus } from './execution-queries'

type InstancePage = { items: InstanceView[]; total: number; page: number; pageSize: number }

/** The part of `EventSource` the live client uses; tests pass a fake. */
export interface EventSourceLike {
  /** 0 connecting (also while the browser reconnects after a drop), 1 open, 2 closed for good. */
  readonly readyState: number
  onopen: ((ev: Event) => void) | null
  onmessage: ((ev: MessageEvent<string>) => void) | null
  onerror: ((ev: Event) => void) | null
  close(): void
}
export type EventSourceFactory = (url: string) => EventSourceLike

export const POLL_MS = 2000
const THROTTLE_MS = 1000

function instancePages(qc: QueryClient, executeUuid: string) {
  return qc.getQueriesData<InstancePage>({
    queryKey: executionQueries.ticket(executeUuid),
    predicate: (q) => q.queryKey[3] === 'instances',
  })
}

/** The attempt of an instance as the cached host pages know it, or undefined. */
function cachedAttempt(qc: QueryClient, executeUuid: string, instanceId: number) {
  for (const [, data] of instancePages(qc, executeUuid)) {
    const row = data?.items.find((i) => i.id === instanceId)
    if (row) return row.attempt
  }
  return undefined
}

/**
 * Applies one live event to the caches. Returns what must be refetched soon (coarse changes the event does
 * not carry in full: allowed operations after a status change, batch counts and filtered pages after a host changes).
 */
export function applyExecutionEvent(
  qc: QueryClient,
  event: ExecutionEvent,
): { detail?: boolean; instances?: boolean; log?: number } {
  const uuid = event.executeUuid
  const detailKey = executionQueries.detail(uuid).queryKey
  switch (event.type) {
    case 'ticket': {
      const before = qc.getQueryData<ExecutionDetail>(detailKey)
      qc.setQueryData<ExecutionDetail>(
        detailKey,
        (d) =>
          d && {
            ...d,
            status: event.status,
            currentBatch: event.currentBatch,
            counts: event.counts,
            finishedAt: event.finishedAt,
            message: event.message,
          },
      )
      return { detail: !!before && before.status !== event.status }
    }
    case 'batch':
      qc.setQueryData<ExecutionDetail>(
        detailKey,
        (d) =>
          d && { ...d, batches: d.batches.map((b) => (b.index === event.index ? { ...b, status: event.status } : b)) },
      )
      return {}
    case 'instance': {
      const next = event.instance
      const attempt = cachedAttempt(qc, uuid, next.id)
      for (const [key, data] of instancePages(qc, uuid)) {
        if (data?.items.some((i) => i.id === next.id))
          qc.setQueryData<InstancePage>(key, { ...data, items: data.items.map((i) => (i.id === next.id ? next : i)) })
      }
      // A new attempt starts a new log: the cached one is from the previous run.
      const log = attempt !== undefined && attempt !== next.attempt ? next.id : undefined
      if (log === undefined) {
        // The log's closing line (exit code, times) follows the host's state without refetching the log.
        const { status, exitCode, message, startedAt, finishedAt } = next
        qc.setQueryData<InstanceLog>(
          executionQueries.log(uuid, next.id).queryKey,
          (l) => l && { ...l, status, exitCode, message, startedAt, finishedAt },
        )
      }
      return { instances: true, detail: true, log }
    }
    case 'log': {
      const key = executionQueries.log(uuid, event.instanceId).queryKey
      const cached = qc.getQueryData<InstanceLog>(key)
      if (!cached) return {}
      const attempt = cachedAttempt(qc, uuid, event.instanceId)
      if (attempt !== undefined && attempt !== event.attempt) return { log: event.instanceId }
      qc.setQueryData<InstanceLog>(key, {
        ...cached,
        log: cached.log + event.data,
        marks: [...cached.marks, { length: event.data.length, stream: event.stream, at: event.at }],
        bytes: cached.bytes + new TextEncoder().encode(event.data).length,
      })
      return {}
    }
  }
}

const EVENT_SOURCE_CLOSED = 2

/**
 * Opens the ticket's event stream and keeps the caches current: high-rate changes are patched in place,
 * coarse ones refetched at most once a second. `onState('polling')` runs when the stream drops (the caller
 * polls meanwhile); the browser reconnects by itself, sending Last-Event-ID (another replica answers with
 * what changed since), and `onState('live')` runs when it is back. A stream closed for good stays polling.
 */
export function connectExecutionEvents(
  qc: QueryClient,
  executeUuid: string,
  open: EventSourceFactory,
  onState: (mode: 'live' | 'polling') => void,
) {
  const source = open(buildPath(executionRoutes.events.path, { executeUuid }))
  const pending = { detail: false, instances: false, logs: new Set<number>() }
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false
  const flush = () => {
    timer = undefined
    const ticket = executionQueries.ticket(executeUuid)
    if (pending.detail) void qc.invalidateQueries({ queryKey: executionQueries.detail(executeUuid).queryKey })
    if (pending.instances)
      void qc.invalidateQueries({ queryKey: ticket, predicate: (q) => q.queryKey[3] === 'instances' })
    for (const id of pending.logs)
      void qc.invalidateQueries({ queryKey: executionQueries.log(executeUuid, id).queryKey })
    pending.detail = false
    pending.instances = false
    pending.logs.clear()
  }
  let dropped = false
  source.onopen = () => {
    // Whatever happened before the stream (re)opened may be missing from the caches: refetch once.
    void qc.invalidateQueries({ queryKey: executionQueries.ticket(executeUuid) })
    if (dropped) onState('live')
    dropped = false
  }
  source.onmessage = (message) => {
    let json: unknown
    try {
      json = JSON.parse(message.data)
    } catch {
      return
    }
    const parsed = ExecutionEventSchema.safeParse(json)
    if (!parsed.success || parsed.data.executeUuid !== executeUuid) return
    const todo = applyExecutionEvent(qc, parsed.data)
    pending.detail ||= !!todo.detail
    pending.instances ||= !!todo.instances
    if (todo.log !== undefined) pending.logs.add(todo.log)
    if ((pending.detail || pending.instances || pending.logs.size) && !timer) timer = setTimeout(flush, THROTTLE_MS)
  }
  source.onerror = () => {
    if (closed) return
    if (source.readyState === EVENT_SOURCE_CLOSED) close()
    if (!dropped || closed) onState('polling')
    dropped = true
  }
  function close() {
    closed = true
    source.close()
    if (timer) clearTimeout(timer)
  }
  return { close }
}

function browserEventSource(): EventSourceFactory | undefined {
  if (typeof EventSource === 'undefined') return undefined
  return (url) => new EventSource(url, { withCredentials: true }) as unknown as EventSourceLike
}

export type LiveMode = 'live' | 'polling' | 'off'

/**
 * Keeps one ticket's caches fresh while it can change (READY, PROCESSING, PAUSED): server-sent events when
 * the browser has EventSource and the stream works, else every query of the ticket refetches every 2 s.
 * Components call this once per ticket page; nothing else opens the stream.
 */
export function useExecutionLive(
  executeUuid: string | undefined,
  status: OrderStatus | undefined,
  createEventSource?: EventSourceFactory,
): LiveMode {
  const qc = useQueryClient()
  const live = !!executeUuid && isLiveStatus(status)
  const [mode, setMode] = useState<'live' | 'polling'>('live')

  useEffect(() => {
    if (!executeUuid || !live) return
    const factory = createEventSource ?? browserEventSource()
    if (!factory) {
      setMode('polling')
      return
    }
    setMode('live')
    const connection = connectExecutionEvents(qc, executeUuid, factory, setMode)
    return () => {
      connection.close()
      // The ticket stopped (or the page left): throttled refetches still pending died with the stream, so
      // refetch once now; allowed operations, batch counts and host rows settle with the final state.
      void qc.invalidateQueries({ queryKey: executionQueries.ticket(executeUuid) })
    }
  }, [qc, executeUuid, live, createEventSource])

  useEffect(() => {
    if (!executeUuid || !live || mode !== 'polling') return
    const t = setInterval(() => void qc.invalidateQueries({ queryKey: executionQueries.ticket(executeUuid) }), POLL_MS)
    return () => clearInterval(t)
  }, [qc, executeUuid, live, mode])

  return live ? mode : 'off'
}
