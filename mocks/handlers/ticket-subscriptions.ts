import { ticketSubscriptionRoutes } from '../../src/contract/ticket-subscriptions'
import { mockRoute } from '../mock-route'
import { requireScriptUser } from './script-access'

/** Subscriptions by `${executeUuid}:${username}`; the mock treats nobody as the creator. */
const subscribed = new Set<string>()
const state = (uuid: string) => ({
  subscribed: subscribed.has(`${uuid}:${requireScriptUser().username}`),
  isCreator: false,
})

export const ticketSubscriptionHandlers = [
  mockRoute(ticketSubscriptionRoutes.get, ({ params }) => state(params.executeUuid)),
  mockRoute(ticketSubscriptionRoutes.subscribe, ({ params }) => {
    subscribed.add(`${params.executeUuid}:${requireScriptUser().username}`)
    return state(params.executeUuid)
  }),
  mockRoute(ticketSubscriptionRoutes.unsubscribe, ({ params }) => {
    subscribed.delete(`${params.executeUuid}:${requireScriptUser().username}`)
    return state(params.executeUuid)
  }),
]
