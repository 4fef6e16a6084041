import type { FastifyInstance } from 'fastify'
import { inboxRoutes } from '../../../contract/inbox'
import { route } from '../../lib/route'
import type { Services } from '../../services'

/** The caller's own inbox. Reading a notification is not a domain change, so it is not audited. */
export function registerInboxRoutes(app: FastifyInstance, { inbox }: Services) {
  route(app, inboxRoutes.list, ({ principal, query }) => inbox.list(principal, query))
  route(app, inboxRoutes.markRead, async ({ principal, params }) => {
    await inbox.markRead(principal, params.messageId)
    return { ok: true as const }
  })
  route(app, inboxRoutes.markAllRead, async ({ principal }) => {
    await inbox.markAllRead(principal)
    return { ok: true as const }
  })
}
