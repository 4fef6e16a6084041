import type { FastifyInstance } from 'fastify'
import { notificationRoutes } from '../../../contract/notifications'
import { route } from '../../lib/route'
import type { Services } from '../../services'

/** Admins see what the job queue sent, is retrying, or gave up on. */
export function registerDeliveryRoutes(app: FastifyInstance, { reviewDeliveries }: Services) {
  route(app, notificationRoutes.listDeliveries, ({ principal, query }) =>
    reviewDeliveries.list(principal.tenantId, query),
  )
}
