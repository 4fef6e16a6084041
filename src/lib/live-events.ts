import { type QueryKey, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { type LiveEvent, LiveEventSchema, type LiveEventType, liveRoutes } from '../contract/live-events'

/** The part of `EventSource` used here; tests pass a fake. */
export interface LiveSource {
  onmessage: ((ev: MessageEvent<string>) => void) | null
  close(): void
}
export type LiveSourceFactory = (url: string) => LiveSource

type Listener = (event: LiveEvent, reconnected: boolean) => void

/** At most one refetch a second per component, however many events an alarm storm brings. */
export const LIVE_REFETCH_THROTTLE_MS = 1000

function browserSource(): LiveSourceFactory | undefined {
  if (typeof EventSource === 'undefined') return undefined
  return (url) => new EventSource(url, { withCredentials: true }) as unknown as LiveSource
}

/** One stream per tab, shared by every component that follows live events; closed when the last one leaves. */
const hub: { source?: LiveSource; listeners: Set<Listener>; hellos: number } = { listeners: new Set(), hellos: 0 }

/**
 * Follows the tenant's live incident and war-room events. `reconnected` is true on the `hello` of a stream that
 * had already said hello: EventSource reconnected (its replica died, the network dropped), and what changed
 * meanwhile was not sent. Without EventSource (or a factory) nothing is followed.
 */
export function followLiveEvents(fn: Listener, factory = browserSource()): () => void {
  if (!factory) return () => {}
  hub.listeners.add(fn)
  if (!hub.source) {
    hub.hellos = 0
    const source = factory(liveRoutes.events.path)
    source.onmessage = (m) => {
      let event: LiveEvent
      try {
        event = LiveEventSchema.parse(JSON.parse(m.data))
      } catch {
        return
      }
      const reconnected = event.type === 'hello' && hub.hellos++ > 0
      for (const l of hub.listeners) l(event, reconnected)
    }
    hub.source = source
  }
  return () => {
    hub.listeners.delete(fn)
    if (hub.listeners.size) return
    hub.source?.close()
    hub.source = undefined
  }
}

/**
 * Refetches the queries under `queryKey` when the tenant's live stream says something of `types` changed, or
 * after it reconnected, at most once per LIVE_REFETCH_THROTTLE_MS. The queries' own polling stays as the
 * fallback where the stream cannot open.
 */
export function useLiveRefetch(types: LiveEventType[], queryKey: QueryKey, factory?: LiveSourceFactory) {
  const qc = useQueryClient()
  const typesText = types.join(',')
  const keyText = JSON.stringify(queryKey)
  useEffect(() => {
    const key = JSON.parse(keyText) as QueryKey
    const wanted = typesText.split(',')
    let timer: ReturnType<typeof setTimeout> | undefined
    let last = 0
    const refetch = () => {
      if (timer) return
      timer = setTimeout(
        () => {
          timer = undefined
          last = Date.now()
          void qc.invalidateQueries({ queryKey: key })
        },
        Math.max(0, last + LIVE_REFETCH_THROTTLE_MS - Date.now()),
      )
    }
    const stop = followLiveEvents((e, reconnected) => {
      if (reconnected || (e.type !== 'hello' && wanted.includes(e.type))) refetch()
    }, factory ?? browserSource())
    return () => {
      stop()
      clearTimeout(timer)
    }
  }, [qc, typesText, keyText, factory])
}
