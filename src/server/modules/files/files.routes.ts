import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AGENT_SN_HEADER } from '../../../contract/agents'
import type { Readable } from 'node:stream'
import { FILE_UPLOAD_PATH, FileUploadQuerySchema, fileRoutes } from '../../../contract/files'
import { ValidationError } from '../../lib/errors'
import { route } from '../../lib/route'
import type { Services } from '../../services'
import { refusal } from '../../../contract/refusal-text'
import { PayloadTooLargeError } from './files.service'

const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined)
const agentAuth = (h: FastifyRequest['headers']) => ({
  authorization: one(h.authorization),
  agentSn: one(h[AGENT_SN_HEADER]),
})

/**
 * An upload refused for its size mid-stream leaves the rest of its body unread on the connection, which then
 * cannot carry another request: the 413 closes it (else the client's next request, or a graceful shutdown,
 * waits on a body nobody reads).
 */
async function closingOnTooLarge<T>(reply: FastifyReply, upload: Promise<T>) {
  try {
    return await upload
  } catch (err) {
    if (err instanceof PayloadTooLargeError) reply.header('connection', 'close')
    throw err
  }
}

export function registerFileRoutes(app: FastifyInstance, services: Services) {
  const { files } = services
  route(app, fileRoutes.list, ({ principal, query }) => files.list(principal, query))
  route(app, fileRoutes.remove, ({ principal, params, ctx }) => files.remove(principal, params.fileId, ctx))
  route(app, fileRoutes.push, ({ principal, body, ctx }) => files.push(principal, body, ctx))

  // The raw-body routes live in their own scope, so the streaming parser applies to them alone.
  void app.register(async (scope) => {
    // The body stays a stream: the service stores it chunk by chunk (no bodyLimit buffering, no whole copy in memory).
    scope.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload))
    scope.route({
      method: 'PUT',
      url: FILE_UPLOAD_PATH,
      config: { access: 'executions:run' },
      handler: async (request, reply) => {
        const q = FileUploadQuerySchema.safeParse(request.query)
        if (!q.success)
          throw new ValidationError(refusal('file.bad-name'), [
            { path: 'query.name', message: q.error.issues[0]?.message ?? 'invalid' },
          ])
        if (!request.body || typeof (request.body as Readable).pipe !== 'function')
          throw new ValidationError(refusal('file.raw-body'))
        const length = Number(request.headers['content-length'])
        const file = await closingOnTooLarge(
          reply,
          files.upload(
            request.principal!,
            q.data.name,
            request.body as Readable,
            { requestId: request.id, ip: request.ip },
            Number.isFinite(length) ? length : undefined,
          ),
        )
        return reply.code(201).send(file)
      },
    })
    // A push's source host uploads its files here (signed link from its fetch command).
    scope.route({
      method: 'PUT',
      url: '/api/files/fetched/:orderId',
      config: { access: 'public' },
      handler: async (request, reply) => {
        const orderId = Number((request.params as { orderId: string }).orderId)
        if (!Number.isInteger(orderId)) throw new ValidationError('orderId must be a number')
        const length = Number(request.headers['content-length'])
        const file = await closingOnTooLarge(
          reply,
          files.uploadFetched(
            orderId,
            request.query as Record<string, string>,
            request.body as Readable,
            agentAuth(request.headers),
            Number.isFinite(length) ? length : undefined,
          ),
        )
        return reply.code(201).send(file)
      },
    })
    // Agents download here by the signed link their push command carries (no session: the link is the credential).
    scope.route({
      method: 'GET',
      url: '/api/files/:fileId/content',
      config: { access: 'public' },
      handler: async (request, reply) => {
        const { fileId } = request.params as { fileId: string }
        const { size, stream, row } = await files.openForLink(
          fileId,
          request.query as Record<string, string>,
          agentAuth(request.headers),
        )
        return reply
          .header('content-type', 'application/octet-stream')
          .header('content-length', String(size))
          .header('x-content-sha256', row.sha256)
          .send(stream)
      },
    })
  })
}
