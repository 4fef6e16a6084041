import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import type { ErrorStyle } from '../../contract/http'
import { DomainError, RateLimitedError, ValidationError } from './errors'

/** COC's provider code for incident/war-room/event responses (seed 4.4). */
export const COC_PROVIDER_CODE = '049'

/** Which error body a request gets: the route's declared style, else by URL prefix. */
export function errorStyleOf(request: FastifyRequest): ErrorStyle {
  const declared = request.routeOptions?.config?.errorStyle
  if (declared) return declared
  return request.url.startsWith('/api') || request.url === '/healthz' ? 'console' : 'coc'
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
    if (e.statusCode === 400 || e.statusCode === 415) return new ValidationError(e.message)
    return new DomainError(e.message, e.statusCode, e.code ?? 'BAD_REQUEST', 'COC.00040701')
  }
  return new DomainError('Internal server error', 500, 'INTERNAL', 'COC.00040701')
}

export function writeError(request: FastifyRequest, reply: FastifyReply, err: DomainError) {
  if (err instanceof RateLimitedError) reply.header('Retry-After', String(err.retryAfterSeconds))
  reply.code(err.status)
  const style = errorStyleOf(request)
  if (style === 'console') {
    return reply.send({
      error: {
        code: err.code,
        message: err.message,
        ...(err.details ? { details: err.details } : {}),
        requestId: request.id,
      },
    })
  }
  if (style === 'coc-envelope') {
    return reply.send({ provider_code: COC_PROVIDER_CODE, error_code: err.cocCode, error_msg: err.message, data: null })
  }
  return reply.send({ error_code: err.cocCode, error_msg: err.message, request_id: request.id })
}

/** The one error handler: domain errors map to the route's error body; 5xx details stay in the log. */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const domain = toDomainError(error)
  if (domain.status >= 500) {
    const extra = isResponseSerializationError(error as Error) ? { serialization: true } : {}
    request.log.error({ err: error, ...extra }, 'request failed')
  } else {
    request.log.info({ code: domain.code, status: domain.status }, domain.message)
  }
  return writeError(request, reply, domain)
}
