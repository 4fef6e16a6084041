import { cmdbHandlers } from './cmdb'
import { identityHandlers } from './identity'
import { patchHandlers } from './patches'
import { inboxHandlers } from './inbox'
import { incidentHandlers } from './incidents'
import { warRoomHandlers } from './war-rooms'
import { liveHandlers } from './live'
import { scriptReviewHandlers } from './script-reviews'
import { scriptHandlers } from './scripts'
import { systemHandlers } from './system'
import { executionHandlers } from './executions'
import { notificationHandlers } from './notifications'
import { oncallHandlers } from './oncall'
import { channelHandlers } from './notification-channels'
import { ticketSubscriptionHandlers } from './ticket-subscriptions'
import { jobPlanHandlers } from './job-plans'
import { approvalHandlers } from './approvals'
import { scheduleHandlers } from './schedules'
import { bkJobHandlers } from './bk-job'
import { customQueryHandlers } from './custom-queries'

/** Every happy-path handler; the drift test checks they cover the contract. */
export const handlers = [
  ...systemHandlers,
  ...identityHandlers,
  ...cmdbHandlers,
  ...patchHandlers,
  ...scriptHandlers,
  ...scriptReviewHandlers,
  ...inboxHandlers,
  ...incidentHandlers,
  ...warRoomHandlers,
  ...liveHandlers,
  ...executionHandlers,
  ...notificationHandlers,
  ...oncallHandlers,
  ...channelHandlers,
  ...ticketSubscriptionHandlers,
  ...jobPlanHandlers,
  ...approvalHandlers,
  ...scheduleHandlers,
  ...bkJobHandlers,
  ...customQueryHandlers,
]
