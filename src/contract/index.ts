import type { RouteDef } from './http'
import { adminRoutes, sessionRoutes } from './identity'
import { iamRoutes } from './iam'
import { incidentRoutes } from './incidents'
import { alarmInboxRoutes } from './alarm-inbox'
import { warRoomRoutes } from './war-rooms'
import { liveRoutes } from './live-events'
import { patchRoutes } from './patches'
import { inboxRoutes } from './inbox'
import { scriptConsoleRoutes } from './script-console'
import { cocScriptRoutes } from './scripts'
import { cocExecutionRoutes, executionRoutes } from './executions'
import { systemRoutes } from './system'
import { cmdbRoutes } from './cmdb'
import { agentTokenRoutes } from './agent-tokens'
import { agentCredentialRoutes } from './agent-credentials'
import { resourceRoutes } from './resources'
import { notificationRoutes } from './notifications'
import { oncallRoutes } from './oncall'
import { channelRoutes } from './notification-channels'
import { ticketSubscriptionRoutes } from './ticket-subscriptions'
import { jobPlanRoutes } from './job-plans'
import { approvalRoutes } from './approvals'
import { scheduleRoutes } from './schedules'
import { bkAppRoutes } from './bk-apps'
import { fileRoutes } from './files'
import { customQueryRoutes } from './custom-queries'

/** Every route of the product, by domain. The drift test checks each is served by the BFF and mocked by MSW. */
export const routeGroups = {
  system: systemRoutes,
  iam: iamRoutes,
  session: sessionRoutes,
  admin: adminRoutes,
  cmdb: cmdbRoutes,
  agentTokens: agentTokenRoutes,
  agentCredentials: agentCredentialRoutes,
  resources: resourceRoutes,
  patches: patchRoutes,
  incidents: incidentRoutes,
  alarmInbox: alarmInboxRoutes,
  warRooms: warRoomRoutes,
  live: liveRoutes,
  scripts: cocScriptRoutes,
  scriptConsole: scriptConsoleRoutes,
  inbox: inboxRoutes,
  cocExecutions: cocExecutionRoutes,
  executions: executionRoutes,
  notifications: notificationRoutes,
  oncall: oncallRoutes,
  notificationChannels: channelRoutes,
  ticketSubscriptions: ticketSubscriptionRoutes,
  jobPlans: jobPlanRoutes,
  approvals: approvalRoutes,
  schedules: scheduleRoutes,
  bkApps: bkAppRoutes,
  files: fileRoutes,
  customQueries: customQueryRoutes,
} satisfies Record<string, Record<string, RouteDef>>

export const allRoutes: RouteDef[] = Object.values(routeGroups).flatMap((group) => Object.values(group) as RouteDef[])
