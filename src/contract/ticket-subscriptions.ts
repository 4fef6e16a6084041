import { z } from 'zod'
import { defineRoute } from './http'

/** Whether the caller hears about a ticket pausing, finishing or going ABNORMAL (its creator always does). */
export const TicketSubscriptionSchema = z.object({
  subscribed: z.boolean(),
  /** The caller created the ticket: told whatever the subscription says. */
  isCreator: z.boolean(),
})
export type TicketSubscription = z.infer<typeof TicketSubscriptionSchema>

const params = z.object({ executeUuid: z.string().min(1).max(64) })

export const ticketSubscriptionRoutes = {
  get: defineRoute({
    method: 'GET',
    path: '/api/executions/:executeUuid/subscription',
    params,
    response: TicketSubscriptionSchema,
    access: 'read',
    summary: 'Whether you are told when this ticket pauses, finishes or goes ABNORMAL',
  }),
  subscribe: defineRoute({
    method: 'PUT',
    path: '/api/executions/:executeUuid/subscription',
    params,
    response: TicketSubscriptionSchema,
    access: 'read',
    summary: 'Be told when this ticket pauses, finishes or goes ABNORMAL',
  }),
  unsubscribe: defineRoute({
    method: 'DELETE',
    path: '/api/executions/:executeUuid/subscription',
    params,
    response: TicketSubscriptionSchema,
    access: 'read',
    summary: 'Stop hearing about this ticket (its creator is still told)',
  }),
}
