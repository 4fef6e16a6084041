import type { FastifyInstance } from 'fastify'
import { channelRoutes } from '../../../contract/notification-channels'
import { ticketSubscriptionRoutes } from '../../../contract/ticket-subscriptions'
import { route } from '../../lib/route'
import type { Services } from '../../services'

/** The caller's own notification channels and their test button. */
export function registerChannelRoutes(app: FastifyInstance, { channels, config }: Services) {
  route(app, channelRoutes.list, ({ principal }) => channels.list(principal))
  route(app, channelRoutes.create, ({ principal, body, ctx }) => channels.create(principal, body, ctx))
  route(app, channelRoutes.update, ({ principal, params, body, ctx }) =>
    channels.update(principal, params.channelId, body, ctx),
  )
  route(app, channelRoutes.remove, async ({ principal, params, ctx }) => {
    await channels.remove(principal, params.channelId, ctx)
    return { ok: true as const }
  })
  route(app, channelRoutes.test, ({ principal, params }) =>
    channels.test(principal, params.channelId, config.publicUrl),
  )
}

/** Subscriptions to tickets. */
export function registerTicketSubscriptionRoutes(app: FastifyInstance, { ticketSubscriptions }: Services) {
  route(app, ticketSubscriptionRoutes.get, ({ principal, params }) =>
    ticketSubscriptions.get(principal, params.executeUuid),
  )
  route(app, ticketSubscriptionRoutes.subscribe, ({ principal, params }) =>
    ticketSubscriptions.set(principal, params.executeUuid, true),
  )
  route(app, ticketSubscriptionRoutes.unsubscribe, ({ principal, params }) =>
    ticketSubscriptions.set(principal, params.executeUuid, false),
  )
}
