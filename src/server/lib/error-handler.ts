import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { CONSOLE_PHRASES_HEADER, type ErrorStyle } from '../../contract/http'
import { BK_ERRORS } from '../../contract/bk-job'
import { isDatabaseUnavailable } from './db-unavailable'
import { DatabaseUnavailableError, DomainError, RateLimitedError, ValidationError } from './errors'

/** COC's provider code for incident/war-room/event responses (seed 4.4). */
export const COC_PROVIDER_CODE = '049'

/** COC's error_msg is at most 512 characters (seed tables 4-9, 4-23, 4-35). */
export const COC_ERROR_MSG_MAX = 512

/** COC family B paths (incidents, war rooms, alarm events, also the webhook without /v1): envelope errors. */
const ENVELOPE_PATH = /^\/(v1\/)?(external|event)(\/|\?|$)/

/**
 * Which error body a request gets: the route's declared style, else by URL prefix — the prefix matters for
 * errors raised before or without a route (unknown paths, Fastify's URL and path-length checks).
 */
export function errorStyleOf(request: FastifyRequest): ErrorStyle {
  const declared = request.routeOptions?.config?.errorStyle
  if (declared) return declared
  const url = request.url
  if (url.startsWith('/api/c/compapi/')) return 'bk'
  if (url.startsWith('/api') || url === '/healthz') return 'console'
  return ENVELOPE_PATH.test(url) ? 'coc-envelope' : 'coc'
}

/** Turns anything thrown into a DomainError; unknown errors become a 500 whose details are only logged. */
export function toDomainError(err: unknown): DomainError {
  if (err instanceof DomainError) return err
  const e = err as FastifyError
  if (hasZodFastifySchemaValidationErrors(e)) {
    const where = e.validationContext ?? 'request'
    const details = e.validation.map((v) => ({
      path: `${where}${v.instancePath.replace(/\//g, '.')}`,
      message: v.message ?? 'invalid',
    }))
    return new ValidationError(`Invalid ${where}: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, details)
  }
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    // An over-long path parameter is a limit violation like any other (Fastify would answer a bare 414).
    if (e.statusCode === 400 || e.statusCode === 415 || e.code === 'FST_ERR_MAX_PARAM_LENGTH')
      return new ValidationError(e.message.replace(/^'.*' is exceeding/, 'A path parameter is exceeding'))
    return new DomainError(e.message, e.statusCode, e.code ?? 'BAD_REQUEST', 'COC.00040701')
  }
  if (isDatabaseUnavailable(err)) return new DatabaseUnavailableError()
  return new DomainError('Internal server error', 500, 'INTERNAL', 'COC.00040701')
}

/** Writes `err` in the request's error family, always with `X-Request-Id` (errors raised before any hook too). */
export function writeError(request: FastifyRequest, reply: FastifyReply, err: DomainError) {
  if (err.retryAfterSeconds !== undefined) reply.header('Retry-After', String(err.retryAfterSeconds))
  reply.header('X-Request-Id', request.id)
  reply.code(err.status)
  const style = errorStyleOf(request)
  if (style === 'console') {
    return reply.send({
      error: {
        code: err.code,
        message: err.message,
        ...(err.details ? { details: err.details } : {}),
        ...(err.phrase ? { phrase: err.phrase } : {}),
        requestId: request.id,
      },
    })
  }
  if (style === 'bk') {
    // ESB answers errors with HTTP 200 and `result: false` (callers test `result`); only a crash is a 5xx.
    if (err.status < 500 && !(err instanceof RateLimitedError)) reply.code(200)
    return reply.send({ result: false, code: bkCodeOf(err), message: err.message, data: null, request_id: request.id })
  }
  const msg = err.message.length > COC_ERROR_MSG_MAX ? `${err.message.slice(0, COC_ERROR_MSG_MAX - 1)}…` : err.message
  // Only for the console SPA, which asks for it: a COC client's body stays exactly the seed's.
  const phrase = err.phrase && request.headers[CONSOLE_PHRASES_HEADER] === '1' ? { phrase: err.phrase } : {}
  if (style === 'coc-envelope') {
    return reply.send({
      provider_code: COC_PROVIDER_CODE,
      error_code: err.cocCode,
      error_msg: msg,
      data: null,
      ...phrase,
    })
  }
  return reply.send({ error_code: err.cocCode, error_msg: msg, request_id: request.id, ...phrase })
}

/** The one error handler: domain errors map to the route's error body; 5xx details stay in the log. */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const domain = toDomainError(error)
  if (domain instanceof DatabaseUnavailableError) {
    // Every request logs this while the database is away: one line each, without the driver's stack.
    request.log.warn({ err: { message: (error as Error)?.message } }, 'database unavailable')
  } else if (domain.status >= 500) {
    const extra = isResponseSerializationError(error as Error) ? { serialization: true } : {}
    request.log.error({ err: error, ...extra }, 'request failed')
  } else {
    request.log.info({ code: domain.code, status: domain.status }, domain.message)
  }
  return writeError(request, reply, domain)
}

/** The BlueKing code of an error: its own (`bkCode`), else by HTTP status. */
export function bkCodeOf(err: DomainError): number {
  const own = (err as DomainError & { bkCode?: number }).bkCode
  if (own) return own
  switch (err.status) {
    case 400:
      return BK_ERRORS.invalidParam
    case 401:
      return BK_ERRORS.appAuth
    case 403:
      return BK_ERRORS.forbidden
    case 404:
      return BK_ERRORS.notFound
    case 409:
      return BK_ERRORS.conflict
    case 429:
      return BK_ERRORS.rateLimited
    default:
      return BK_ERRORS.internal
  }
}
