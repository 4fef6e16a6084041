import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import type { RouteDef } from '../../contract/http'
import type { Principal, RequestContext } from './principal'

type Out<T> = [NonNullable<T>] extends [z.ZodType] ? z.output<NonNullable<T>> : undefined

export interface HandlerArgs<D extends RouteDef> {
  params: Out<D['params']>
  query: Out<D['query']>
  body: Out<D['body']>
  /** Present on every route whose access is not `public`. */
  principal: D['access'] extends 'public' ? Principal | undefined : Principal
  ctx: RequestContext
  request: FastifyRequest
  reply: FastifyReply
}

/**
 * Registers a contract route: zod validates params/query/body, the response schema serialises (so columns
 * not in the contract never leak), and the auth plugin checks `def.access` before the handler runs.
 */
export function route<D extends RouteDef>(
  app: FastifyInstance,
  def: D,
  handler: (args: HandlerArgs<D>) => Promise<z.input<D['response']>> | z.input<D['response']>,
) {
  const status = def.status ?? 200
  app.withTypeProvider<ZodTypeProvider>().route({
    method: def.method,
    url: def.path.replace(/:([A-Za-z0-9_]+)/g, ':$1'),
    schema: {
      ...(def.params ? { params: def.params } : {}),
      ...(def.query ? { querystring: def.query } : {}),
      ...(def.body ? { body: def.body } : {}),
      response: { [status]: def.response },
      summary: def.summary,
    },
    config: { access: def.access, errorStyle: def.errorStyle },
    handler: async (request, reply) => {
      const result = await handler({
        params: request.params as never,
        query: request.query as never,
        body: request.body as never,
        principal: request.principal as never,
        ctx: { requestId: request.id, ip: request.ip },
        request,
        reply,
      })
      // A handler may set another status itself (health answers 503 when the database is down).
      if (reply.statusCode === 200) reply.code(status)
      return result
    },
  })
}
