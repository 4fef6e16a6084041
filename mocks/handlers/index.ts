import { identityHandlers } from './identity'
import { inboxHandlers } from './inbox'
import { scriptReviewHandlers } from './script-reviews'
import { scriptHandlers } from './scripts'
import { systemHandlers } from './system'

/** Every happy-path handler; the drift test checks they cover the contract. */
export const handlers = [...systemHandlers, ...identityHandlers, ...scriptHandlers, ...scriptReviewHandlers, ...inboxHandlers]
