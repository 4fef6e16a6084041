import type { FastifyInstance } from 'fastify'
import { type LiveEvent, liveRoutes } from '../../../contract/live-events'
import { openEventStream } from '../../lib/event-stream'
import { route } from '../../lib/route'
import type { Services } from '../../services'

export function registerLiveRoutes(app: FastifyInstance, services: Services) {
  const { liveEvents } = services
  route(app, liveRoutes.events, async ({ principal, request, reply }) => {
    const stream = openEventStream(app, request, reply)
    // Subscribed before `hello`: a client that refetches on hello misses nothing committed after it.
    stream.onClose(liveEvents.subscribe(principal.tenantId, principal.userId, (e) => stream.send(e)))
    stream.send({ type: 'hello' } satisfies LiveEvent)
    return ''
  })
}
