import type { User } from '../src/contract/identity'
import type { Baseline, InstanceCompliant, ScanOrder } from '../src/contract/patches'
import { buildUserList } from './factories/identity'
import { buildCmdb } from './factories/cmdb'
import type { AgentToken } from '../src/contract/agent-tokens'
import type { BkApp } from '../src/contract/bk-apps'
import type { StoredFile } from '../src/contract/files'
import type { CustomQuery } from '../src/contract/custom-queries'
import type { AgentCredential } from '../src/contract/agent-credentials'
import { buildBaseline, buildInstanceCompliant } from './factories/patches'
import type { InboxMessage } from '../src/contract/inbox'
import type { NotificationDelivery } from '../src/contract/notifications'
import type { IncidentCard } from '../src/contract/incidents'
import type { StuckAlarm } from '../src/contract/alarm-inbox'
import { buildBoard } from './factories/incidents'
import type { WarRoomTenantInfo } from '../src/contract/war-rooms'
import { buildWarRoom } from './factories/war-rooms'
import { buildScriptList, type MockScript } from './factories/scripts'
import { buildExecutionList, type MockExecution } from './factories/executions'
import { buildDemoOncall, type MockChannel, type MockPolicy, type MockSchedule } from './factories/oncall'
import type { JobPlan, PlanRun } from '../src/contract/job-plans'
import type { Approval } from '../src/contract/approvals'
import type { Schedule, ScheduleFire } from '../src/contract/schedules'

type MockUser = User & { password: string }

/** In-memory state behind the mock handlers; `resetDb()` runs between tests. */
export const db = {
  users: [] as MockUser[],
  /** The signed-in user, or null: mirrors the BFF's session cookie. */
  currentUserId: null as string | null,
  accessKeys: [] as {
    accessKey: string
    userId: string
    description: string
    createdAt: string
    lastUsedAt: string | null
  }[],
  cmdb: buildCmdb(),
  agentTokens: [] as AgentToken[],
  bkApps: [] as BkApp[],
  files: [] as StoredFile[],
  customQueries: [] as CustomQuery[],
  /** Revoked agents by agent_sn; every other host with an agent_sn counts as enrolled. */
  revokedAgents: {} as Record<string, Pick<AgentCredential, 'revokedAt' | 'revokedBy'>>,
  patchReports: [] as InstanceCompliant[],
  patchBaselines: [] as Baseline[],
  patchScans: [] as ScanOrder[],
  scripts: [] as MockScript[],
  /** Issued review links: token → the script and the reviewer they are bound to. */
  reviewLinks: [] as { token: string; scriptUuid: string; reviewer: string; revision: number; used: boolean }[],
  inbox: [] as (InboxMessage & { recipient: string })[],
  incidents: [] as IncidentCard[],
  /** incident_num → resource ids of its alarms (the board's resource_id filter). */
  incidentResources: {} as Record<string, string[]>,
  integrationKeys: [] as {
    id: string
    name: string
    prefix: string
    level_map: Record<string, string>
    created_at: string
    last_used_at: string | null
  }[],
  /** Alarms accepted but never turned into incidents, newest first; empty until `setStuckAlarms`. */
  stuckAlarms: [] as StuckAlarm[],
  warRooms: [] as WarRoomTenantInfo[],
  warRoomEvents: [] as {
    id: string
    at: number
    actor: string
    kind: 'note' | 'report' | 'status' | 'member'
    text: string
  }[],
  executions: [] as MockExecution[],
  /** When true, a live ticket advances one step per detail read (see handlers/execution-sim.ts); on in the browser. */
  executionTicking: false,
  /** Set by `makeExecutionStartFail`: the next POST /api/executions answers this error. */
  executionStartFailure: null as { status: number; message: string } | null,
  /** Notifications the job queue sent (GET /api/notification-deliveries); empty until a scenario adds some. */
  deliveries: [] as NotificationDelivery[],
  schedules: [] as MockSchedule[],
  policies: [] as MockPolicy[],
  /** Users' own notification channels (owner = username). */
  channels: [] as MockChannel[],
  jobPlans: [] as JobPlan[],
  planRuns: [] as PlanRun[],
  approvals: [] as (Approval & {
    votes: { actor: string; role: string; action: 'approve' | 'reject' | 'delegate'; target?: string }[]
  })[],
  planSchedules: [] as Schedule[],
  scheduleFires: {} as Record<string, ScheduleFire[]>,
  audit: [] as {
    id: string
    at: string
    actor: string
    action: string
    targetType: string
    targetId: string | null
    before: unknown
    after: unknown
    requestId: string | null
  }[],
}

export function resetDb() {
  db.users = buildUserList()
  db.currentUserId = null
  db.accessKeys = []
  db.audit = []
  db.deliveries = []
  db.cmdb = buildCmdb()
  db.agentTokens = []
  db.bkApps = []
  db.files = []
  db.customQueries = []
  db.revokedAgents = {}
  db.patchReports = Array.from({ length: 12 }, () => buildInstanceCompliant())
  db.patchBaselines = [buildBaseline()]
  db.patchScans = []
  db.scripts = buildScriptList()
  db.reviewLinks = []
  db.inbox = []
  db.incidents = buildBoard()
  db.incidentResources = {}
  db.integrationKeys = []
  db.stuckAlarms = []
  db.warRooms = [buildWarRoom(), buildWarRoom(), buildWarRoom()]
  db.warRoomEvents = []
  db.executions = buildExecutionList()
  db.executionTicking = false
  db.executionStartFailure = null
  Object.assign(db, buildDemoOncall(db.users))
  db.channels = []
  db.jobPlans = []
  db.planRuns = []
  db.approvals = []
  db.planSchedules = []
  db.scheduleFires = {}
}
resetDb()

export function currentUser(): MockUser | undefined {
  return db.users.find((u) => u.id === db.currentUserId)
}

export function page<T>(items: T[], pageNo = 1, pageSize = 20) {
  return { items: items.slice((pageNo - 1) * pageSize, pageNo * pageSize), total: items.length, page: pageNo, pageSize }
}
