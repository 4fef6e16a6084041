import { LogController } from 'fastify'

/** A request slower than this is logged at info even when it succeeded. */
export const SLOW_REQUEST_MS = 1000

/**
 * Fastify's per-request lines, quieter: every request (the agents' WebSocket polls and the SPA's refreshes
 * included) would otherwise write 'incoming request' and 'request completed' at info. Here both go to debug;
 * a completed request reaches info only when it answered 5xx or took longer than SLOW_REQUEST_MS (a WebSocket
 * stays open for its whole session, so its duration says nothing and it stays at debug). Failed requests
 * ('request errored') and the domain's own transition lines are unchanged.
 */
export class QuietRequestLog extends LogController {
  override incomingRequest(...[request]: Parameters<LogController['incomingRequest']>) {
    if (this.isLogDisabled(request)) return
    request.log.debug({ req: request }, 'incoming request')
  }

  override requestCompleted(...[error, request, reply, metadata]: Parameters<LogController['requestCompleted']>) {
    if (this.isLogDisabled(request) || error) return super.requestCompleted(error, request, reply, metadata)
    const notable = reply.statusCode >= 500 || (!request.ws && reply.elapsedTime >= SLOW_REQUEST_MS)
    const line = { res: reply, responseTime: reply.elapsedTime }
    if (notable) reply.log.info(line, 'request completed')
    else reply.log.debug(line, 'request completed')
  }
}
