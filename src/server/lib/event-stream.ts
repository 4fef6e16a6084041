import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** A comment line this often keeps proxies and load balancers from closing an idle stream. */
const KEEPALIVE_MS = 15_000

/** The open streams of each app, so that they can all be ended together (see endEventStreams). */
const openStreams = new WeakMap<FastifyInstance, Set<() => void>>()

/**
 * Ends every open event stream of `app`. Called when the replica's LISTEN connection was lost and re-made: what
 * was published in between never reached this replica, and a stream that stayed open would not know it (a ticket
 * page would miss its end). Ended, each client reconnects as EventSource does, with Last-Event-ID: a ticket
 * stream answers with the stored state and the events since; the live stream's `hello` makes the pages refetch.
 */
export function endEventStreams(app: FastifyInstance) {
  for (const end of [...(openStreams.get(app) ?? [])]) end()
}

/**
 * Turns a hijacked reply into a server-sent events stream: headers (no caching, no proxy buffering), the
 * client's reconnect delay, keep-alive comments, and an end when the server closes. `onClose` functions run
 * once the client is gone, so subscriptions go with it and streams do not pile listeners up.
 */
export function openEventStream(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  reply.hijack()
  const res = reply.raw
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  })
  res.write('retry: 2000\n\n')
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS)
  const end = () => res.end()
  app.server.once('close', end)
  const streams = openStreams.get(app) ?? new Set()
  openStreams.set(app, streams)
  streams.add(end)
  const closers: (() => void)[] = []
  let closed = false
  request.raw.on('close', () => {
    closed = true
    clearInterval(keepalive)
    app.server.off('close', end)
    streams.delete(end)
    for (const fn of closers) fn()
  })
  return {
    /** One frame: `data` as JSON, with an `id` line when given. */
    send(data: unknown, id?: number) {
      res.write(`${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`)
    },
    /** Runs `fn` when the client is gone (at once if it already is: it may leave while the stream is prepared). */
    onClose(fn: () => void) {
      if (closed) fn()
      else closers.push(fn)
    },
  }
}
