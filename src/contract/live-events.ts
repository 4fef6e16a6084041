import { z } from 'zod'
import { defineRoute } from './http'

/**
 * Live events of a tenant's incidents and war rooms, and of the user's inbox, sent as server-sent events (`data: <json>`) by
 * `GET /api/live/events` from whichever replica holds the stream. They say what changed, not how: the SPA
 * refetches what it shows of it. `hello` opens every stream; after a reconnect (the replica died, the network
 * dropped) it tells the SPA to refetch everything, as events sent meanwhile are not replayed.
 */
export const LiveEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello') }),
  z.object({
    type: z.literal('incident'),
    /** Incidents created or changed in one commit (at most LIVE_INCIDENTS_LISTED; `more` counts the rest). */
    incidentNums: z.array(z.string()),
    more: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('war-room'), warRoomId: z.string(), warRoomNum: z.string() }),
  /** A message arrived in the inbox of the stream's user (only theirs: a stream hears no one else's). */
  z.object({ type: z.literal('inbox') }),
])
export type LiveEvent = z.infer<typeof LiveEventSchema>
export type LiveEventType = LiveEvent['type']

/** An alarm storm opens thousands of incidents in one fold; one event names the first few. */
export const LIVE_INCIDENTS_LISTED = 20

export const liveRoutes = {
  /** Server-sent events; the response schema documents the stream's content type only. */
  events: defineRoute({
    method: 'GET',
    path: '/api/live/events',
    response: z.string(),
    access: 'read',
    summary: "Live incident and war-room events of the caller's tenant and their own inbox's (text/event-stream)",
  }),
}
