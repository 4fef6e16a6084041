import type { FastifyInstance } from 'fastify'
import { type LiveEvent, liveRoutes } from '../../../contract/live-events'
import { route } from '../../lib/route'
import type { Services } from '../../services'

/** A comment line this often keeps proxies and load balancers from closing an idle stream. */
const SSE_KEEPALIVE_MS = 15_000

export function registerLiveRoutes(app: FastifyInstance, services: Services) {
  const { liveEvents } = services
  route(app, liveRoutes.events, async ({ principal, request, reply }) => {
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
    })
    const send = (e: LiveEvent) => res.write(`data: ${JSON.stringify(e)}\n\n`)
    // Subscribed before `hello`: a client that refetches on hello misses nothing committed after it.
    const unsubscribe = liveEvents.subscribe(principal.tenantId, principal.userId, send)
    res.write('retry: 2000\n\n')
    send({ type: 'hello' })
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), SSE_KEEPALIVE_MS)
    const onServerClose = () => res.end()
    app.server.once('close', onServerClose)
    request.raw.on('close', () => {
      clearInterval(keepalive)
      unsubscribe()
      app.server.off('close', onServerClose)
    })
    return ''
  })
}
