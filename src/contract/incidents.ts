import { z } from 'zod'
import { defineRoute } from './http'

/** A labelled enum value of the seed's tables (4.4.1.6). */
export interface EnumEntry {
  key: string
  zh: string
  en: string
}

export const INCIDENT_LEVELS: EnumEntry[] = [
  { key: 'level_10', zh: 'P1', en: 'P1' },
  { key: 'level_20', zh: 'P2', en: 'P2' },
  { key: 'level_30', zh: 'P3', en: 'P3' },
  { key: 'level_40', zh: 'P4', en: 'P4' },
  { key: 'level_50', zh: 'P5', en: 'P5' },
]
export const INCIDENT_TYPES: EnumEntry[] = [
  { key: 'inc_type_p_security_issues', zh: '安全问题', en: 'Security issues' },
  { key: 'inc_type_p_function_issues', zh: '功能问题', en: 'function issues' },
  { key: 'inc_type_p_reliability_issues', zh: '性能/可靠性问题', en: 'reliability issues' },
  { key: 'inc_type_p_config_issues', zh: '配置问题', en: 'config issues' },
  { key: 'inc_type_p_middlewares', zh: '中间件问题', en: 'middleware issues' },
  { key: 'inc_type_p_hardware_issues', zh: '硬件问题', en: 'hardware issues' },
  { key: 'inc_type_p_networking_issues', zh: '网络问题', en: 'networking issues' },
  { key: 'inc_type_p_shelter_issues', zh: '机房问题', en: 'shelter issues' },
  { key: 'inc_type_p_monitoring_issues', zh: '监控问题', en: 'monitoring issues' },
  { key: 'inc_type_p_consulting_issues', zh: '业务咨询类', en: 'consulting issues' },
  { key: 'inc_type_p_suppliers_issues', zh: '供应商问题', en: 'suppliers issues' },
  { key: 'inc_type_p_ohter_issues', zh: '其他', en: 'ohter issues' },
  { key: 'inc_type_p_change_issues', zh: '变更操作问题', en: 'Change operation problem' },
]
export const INCIDENT_SOURCES: EnumEntry[] = [
  { key: 'incident_source_manual', zh: '人工创建', en: 'Manual Creation' },
  { key: 'incident_source_forwarding', zh: '流转创建', en: 'Transfer creation' },
  { key: 'incident_source_alarm', zh: '告警', en: 'alarm' },
]
export const INCIDENT_STATUSES: EnumEntry[] = [
  { key: 'incident_draft', zh: '草稿', en: 'DRAFT' },
  { key: 'INCIDENT_STATUS_TRIGGERED', zh: '未受理', en: 'TRIGGERED' },
  { key: 'INCIDENT_STATUS_ACKNOWLEDGED', zh: '已受理', en: 'ACKNOWLEDGED' },
  { key: 'INCIDENT_STATUS_RESOLVED', zh: '已解决待验证', en: 'RESOLVED' },
  { key: 'INCIDENT_STATUS_COMPLETED', zh: '已完成', en: 'COMPLETED' },
  { key: 'INCIDENT_STATUS_REJECTED', zh: '被驳回', en: 'REJECTED' },
]

const keys = (list: EnumEntry[]) => list.map((e) => e.key) as [string, ...string[]]
export const IncidentLevelSchema = z.enum(keys(INCIDENT_LEVELS))
export const IncidentTypeSchema = z.enum(keys(INCIDENT_TYPES))
export const IncidentSourceSchema = z.enum(keys(INCIDENT_SOURCES))
export const IncidentStatusSchema = z.enum([
  'incident_draft',
  'INCIDENT_STATUS_TRIGGERED',
  'INCIDENT_STATUS_ACKNOWLEDGED',
  'INCIDENT_STATUS_RESOLVED',
  'INCIDENT_STATUS_COMPLETED',
  'INCIDENT_STATUS_REJECTED',
])
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>
/** The seed's operate keys plus `rejectIncident1` (reject a triggered incident) and `submitDraft1` (console drafts). */
export const OperateKeySchema = z.enum([
  'acceptedIncident1',
  'commitSolution1',
  'confirm',
  'rejectIncident1',
  'submitDraft1',
])
export type OperateKey = z.infer<typeof OperateKeySchema>

/**
 * The incident state machine: status × operate key → next status. `confirm` goes to COMPLETED when the
 * verification passes and back to ACKNOWLEDGED when it fails (see nextStatus). Shared by the BFF (enforcement),
 * the SPA (buttons, drag targets) and the mocks.
 */
export const INCIDENT_TRANSITIONS: Record<IncidentStatus, Partial<Record<OperateKey, IncidentStatus>>> = {
  incident_draft: { submitDraft1: 'INCIDENT_STATUS_TRIGGERED' },
  INCIDENT_STATUS_TRIGGERED: {
    acceptedIncident1: 'INCIDENT_STATUS_ACKNOWLEDGED',
    rejectIncident1: 'INCIDENT_STATUS_REJECTED',
  },
  INCIDENT_STATUS_ACKNOWLEDGED: { commitSolution1: 'INCIDENT_STATUS_RESOLVED' },
  INCIDENT_STATUS_RESOLVED: { confirm: 'INCIDENT_STATUS_COMPLETED' },
  INCIDENT_STATUS_COMPLETED: {},
  INCIDENT_STATUS_REJECTED: {},
}

export function allowedActions(status: IncidentStatus): OperateKey[] {
  return Object.keys(INCIDENT_TRANSITIONS[status]) as OperateKey[]
}

/** Where an incident's lifecycle ends: no operate key leads out of these. */
export const CLOSED_INCIDENT_STATUSES = ['INCIDENT_STATUS_COMPLETED', 'INCIDENT_STATUS_REJECTED'] as const

/** Still being worked on (the board's and the metrics' "open"). */
export function isOpenIncident(status: IncidentStatus) {
  return !(CLOSED_INCIDENT_STATUSES as readonly IncidentStatus[]).includes(status)
}

/** The status after `key`, or null when the key is not allowed in `status`. */
export function nextStatus(status: IncidentStatus, key: OperateKey, confirmResult = true): IncidentStatus | null {
  const next = INCIDENT_TRANSITIONS[status][key]
  if (!next) return null
  return key === 'confirm' && !confirmResult ? 'INCIDENT_STATUS_ACKNOWLEDGED' : next
}

/**
 * What a handle call changes on an incident besides its status, as card fields (times in ms). Shared by the BFF
 * (which stores it) and the mocks (which apply it to their cards), so both stamp the same times and fields.
 */
export interface IncidentChanges {
  status: IncidentStatus
  acknowledged_at?: number
  assignee?: string
  resolved_at?: number | null
  completed_at?: number
  /** commitSolution1: the diagnosed category becomes the incident's type (and its mtm_type). */
  type?: string
  mtm_type?: string
  is_service_interrupt?: boolean
  cause?: string
  solution?: string
  handle_time?: number
}

/**
 * The outcome of `key` (with its parsed `params`) on an incident, or null when the state machine refuses it.
 * Whoever accepts owns the incident from then on and the first acceptance time stays; the solution's
 * mtm_type is the category as finally diagnosed (seed 4.4.1.3: 事件类别), so it becomes `type`; a failed
 * confirmation reopens the incident (resolved_at cleared), a passed one completes it.
 */
export function handleOutcome(
  incident: { status: IncidentStatus; acknowledged_at: number | null },
  key: OperateKey,
  params: Record<string, unknown>,
  by: { userId: string; now: number },
): IncidentChanges | null {
  const to = nextStatus(incident.status, key, params.virtual_confirm_result !== false)
  if (!to) return null
  const changes: IncidentChanges = { status: to }
  if (key === 'acceptedIncident1')
    Object.assign(changes, { acknowledged_at: incident.acknowledged_at ?? by.now, assignee: by.userId })
  if (key === 'commitSolution1')
    Object.assign(changes, {
      type: params.mtm_type as string,
      mtm_type: params.mtm_type as string,
      is_service_interrupt: params.is_service_interrupt as boolean,
      cause: params.cause as string,
      solution: params.solution as string,
      handle_time: by.now,
      resolved_at: by.now,
    })
  if (key === 'confirm' && to === 'INCIDENT_STATUS_COMPLETED') changes.completed_at = by.now
  if (key === 'confirm' && to === 'INCIDENT_STATUS_ACKNOWLEDGED') changes.resolved_at = null
  return changes
}

/** alarmLevel → incident level for an integration key created without a map of its own. */
export const DEFAULT_ALARM_LEVEL_MAP: Record<string, string> = {
  Critical: 'level_10',
  Major: 'level_20',
  Minor: 'level_30',
  Info: 'level_40',
}

/** Accepts the SDK's string "true"/"false" and the seed's boolean. */
export const LooseBooleanSchema = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])

const idList = (max = 255) => z.array(z.string().max(max)).max(1)

/**
 * CreateCocIncident body (seed table 4-59). `assignee_scenario` (seed) and `assignee_scene` (SDK) are both
 * accepted; an assignee or a scene+role pair is required. As the seed's limits say (0–1 items, length 0–),
 * the application may be left out or empty and title and description may be empty; the SDK marks
 * `incident_description` and `current_cloud_service` optional, so they may also be omitted.
 */
export const CreateIncidentBodySchema = z
  .object({
    region: idList().optional(),
    enterprise_project: idList().optional(),
    current_cloud_service: idList().optional(),
    incident_level: IncidentLevelSchema,
    is_service_interrupt: LooseBooleanSchema,
    incident_type: IncidentTypeSchema,
    incident_title: z.string().max(200),
    incident_description: z.string().max(600).default(''),
    incident_source: IncidentSourceSchema,
    incident_assignee: idList().optional(),
    assignee_scene: z.string().max(255).optional(),
    assignee_scenario: z.string().max(255).optional(),
    assignee_role: z.string().max(255).optional(),
    creator: z.string().min(1).max(255),
  })
  .refine((b) => (b.incident_assignee?.length ?? 0) > 0 || !!(b.assignee_scene || b.assignee_scenario), {
    message: 'incident_assignee or assignee_scene (with assignee_role) is required',
    path: ['incident_assignee'],
  })

const SolutionParameterSchema = z.object({
  mtm_type: IncidentTypeSchema,
  is_service_interrupt: LooseBooleanSchema,
  cause: z.string().min(1).max(10000),
  solution: z.string().min(1).max(10000),
})
const ConfirmParameterSchema = z.object({
  virtual_confirm_result: LooseBooleanSchema,
  virtual_confirm_comment: z.string().max(300),
})
const RejectParameterSchema = z.object({ reason: z.string().min(1).max(1000) })

export const HandleIncidentBodySchema = z.object({
  incident_num: z.string().min(1).max(255),
  operator: z.string().min(1).max(255),
  operate_key: z.string().max(255),
  parameter: z.record(z.string(), z.unknown()).optional(),
})

/** Parameter schema per operate key (accept and submit take none). */
export const OPERATE_PARAMETERS: Record<OperateKey, z.ZodType | null> = {
  acceptedIncident1: null,
  submitDraft1: null,
  commitSolution1: SolutionParameterSchema,
  confirm: ConfirmParameterSchema,
  rejectIncident1: RejectParameterSchema,
}

export const EnumDataSchema = z.object({
  filed_key: z.string(),
  enum_key: z.string(),
  name_zh: z.string(),
  name_en: z.string(),
})

/** ShowCocIncidentDetail data (seed table 4-74). */
export const IncidentDetailSchema = z.object({
  incident_num: z.string(),
  region: z.array(z.string()),
  enterprise_project: z.array(z.string()),
  current_cloud_service: z.array(z.string()),
  incident_level: z.string(),
  is_service_interrupt: z.boolean(),
  incident_type: z.string(),
  incident_title: z.string(),
  incident_description: z.string(),
  incident_source: z.string(),
  incident_assignee: z.array(z.string()),
  assignee_scene: z.string(),
  assignee_role: z.string(),
  warroom_id: z.string().nullable(),
  handle_time: z.number().int().nullable(),
  status: IncidentStatusSchema,
  create_time: z.number().int(),
  creator: z.string(),
  enum_data_list: z.array(EnumDataSchema),
})
export type IncidentDetail = z.infer<typeof IncidentDetailSchema>

/** COC family-B envelope: `error_code` GOM.00000000 means success (seed 4.4.1 examples). */
export function envelopeOf<T extends z.ZodType>(data: T) {
  return z.object({ provider_code: z.string(), error_code: z.string(), error_msg: z.string().nullable(), data })
}

/** Caps on an alarm's free-form `additional` object (the seed sets none; 10,000 keys were once stored). */
export const ALARM_ADDITIONAL_LIMITS = { maxKeys: 100, maxKeyLength: 128, maxBytes: 16 * 1024 } as const

const AlarmAdditionalSchema = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const keys = Object.keys(value)
  const { maxKeys, maxKeyLength, maxBytes } = ALARM_ADDITIONAL_LIMITS
  if (keys.length > maxKeys) ctx.addIssue({ code: 'custom', message: `at most ${maxKeys} keys` })
  else if (keys.some((k) => k.length > maxKeyLength))
    ctx.addIssue({ code: 'custom', message: `keys of at most ${maxKeyLength} characters` })
  else if (JSON.stringify(value).length > maxBytes)
    ctx.addIssue({ code: 'custom', message: `at most ${maxBytes} characters as JSON` })
})

/** Custom alarm body of the integration webhook (seed 4.4.3, table 4-93). */
export const AlarmBodySchema = z.object({
  alarmId: z.string().min(1).max(255),
  alarmName: z.string().min(1).max(255),
  alarmLevel: z.enum(['Critical', 'Major', 'Minor', 'Info']),
  time: z.number().int().nonnegative(),
  nameSpace: z.string().min(1).max(255),
  regionId: z.string().max(255).optional(),
  applicationId: z.string().min(1).max(255),
  resourceName: z.string().max(255).optional(),
  resourceId: z.string().max(255).optional(),
  alarmDesc: z.string().min(1).max(255),
  URL: z.string().max(255).optional(),
  alarmStatus: z.enum(['alarm', 'ok']).optional(),
  alarmSource: z.string().min(1).max(255),
  additional: AlarmAdditionalSchema.optional(),
})
export type AlarmBody = z.infer<typeof AlarmBodySchema>

/** Console view of an incident: the detail plus what the board needs. */
export const IncidentCardSchema = z.object({
  incident_num: z.string(),
  title: z.string(),
  description: z.string(),
  level: z.string(),
  type: z.string(),
  source: z.string(),
  status: IncidentStatusSchema,
  application_id: z.string(),
  region: z.string().nullable(),
  assignee: z.string().nullable(),
  assignee_name: z.string().nullable(),
  is_service_interrupt: z.boolean(),
  created_at: z.number().int(),
  acknowledged_at: z.number().int().nullable(),
  resolved_at: z.number().int().nullable(),
  completed_at: z.number().int().nullable(),
  cause: z.string().nullable(),
  solution: z.string().nullable(),
  alarm_count: z.number().int(),
  /** The incident's war room (`WR…`), when one was opened. */
  war_room_num: z.string().nullable(),
  /** Operate keys the caller may use now (state machine ∩ permissions). */
  allowed_actions: z.array(OperateKeySchema),
})
export type IncidentCard = z.infer<typeof IncidentCardSchema>

export const TimelineEntrySchema = z.object({
  at: z.number().int(),
  actor: z.string(),
  /** The actor's display name when the actor is a console user ("Olivia Operator" for `operator`). */
  actor_name: z.string().nullable().optional(),
  action: z.string(),
  from_status: z.string().nullable(),
  to_status: z.string().nullable(),
  fields: z.record(z.string(), z.unknown()),
})
export const AlarmSchema = z.object({
  alarm_id: z.string(),
  name: z.string(),
  level: z.string(),
  status: z.enum(['alarm', 'ok']),
  source: z.string(),
  resource_name: z.string().nullable(),
  description: z.string(),
  first_at: z.number().int(),
  last_at: z.number().int(),
  recovered_at: z.number().int().nullable(),
  received_count: z.number().int(),
})
export const IncidentViewSchema = IncidentCardSchema.extend({
  timeline: z.array(TimelineEntrySchema),
  alarms: z.array(AlarmSchema),
})

export const IncidentBoardQuerySchema = z.object({
  level: IncidentLevelSchema.optional(),
  type: IncidentTypeSchema.optional(),
  source: IncidentSourceSchema.optional(),
  assignee: z.string().max(255).optional(),
  application_id: z.string().max(255).optional(),
  /** Incidents with an alarm on this resource (a CMDB host's resource id: the host drawer links here). */
  resource_id: z.string().max(255).optional(),
  q: z.string().max(200).optional(),
})

export const IncidentMetricsSchema = z.object({
  /** Mean time to acknowledge / to resolve, in minutes, over the last 30 days; null without data. */
  mtta_minutes: z.number().nullable(),
  mttr_minutes: z.number().nullable(),
  open: z.number().int(),
})

export const IntegrationKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  level_map: z.record(z.string(), z.string()),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
})
export const CreatedIntegrationKeySchema = IntegrationKeySchema.extend({ key: z.string(), webhook_path: z.string() })
export const CreateIntegrationKeyBodySchema = z.object({
  name: z.string().min(1).max(64),
  level_map: z
    .object({
      Critical: IncidentLevelSchema,
      Major: IncidentLevelSchema,
      Minor: IncidentLevelSchema,
      Info: IncidentLevelSchema,
    })
    .optional(),
})

const IncidentNumParams = z.object({ incident_num: z.string().min(1).max(255) })
const Envelope = envelopeOf(z.null())
const WebhookParams = z.object({ integration_key: z.string().min(1).max(255) })
const WebhookBody = z.record(z.string(), z.unknown())

export const incidentRoutes = {
  create: defineRoute({
    method: 'POST',
    path: '/v1/external/incident/create',
    body: CreateIncidentBodySchema,
    response: envelopeOf(z.object({ incident_num: z.string() })),
    access: 'incidents:write',
    errorStyle: 'coc-envelope',
    summary: 'Create an incident (seed 4.4.1.1)',
  }),
  createDraft: defineRoute({
    method: 'POST',
    path: '/api/incidents/drafts',
    body: CreateIncidentBodySchema,
    response: z.object({ incident_num: z.string() }),
    status: 201,
    access: 'incidents:write',
    summary: 'Save an incident as a draft (console); submitDraft1 turns it into a TRIGGERED incident',
  }),
  handle: defineRoute({
    method: 'POST',
    path: '/v1/external/incident/handle',
    body: HandleIncidentBodySchema,
    response: Envelope,
    access: 'incidents:write',
    errorStyle: 'coc-envelope',
    summary: 'Accept, submit a solution, verify or reject (seed 4.4.1.2–4.4.1.4)',
  }),
  detail: defineRoute({
    method: 'GET',
    path: '/v1/external/incident/:incident_num',
    params: IncidentNumParams,
    response: envelopeOf(IncidentDetailSchema),
    access: 'read',
    errorStyle: 'coc-envelope',
    summary: 'Incident detail (seed 4.4.1.5)',
  }),
  board: defineRoute({
    method: 'GET',
    path: '/api/incidents',
    query: IncidentBoardQuerySchema,
    response: z.array(IncidentCardSchema),
    access: 'read',
    summary: 'Incidents for the board (open ones and those closed in the last 7 days)',
  }),
  view: defineRoute({
    method: 'GET',
    path: '/api/incidents/:incident_num',
    params: IncidentNumParams,
    response: IncidentViewSchema,
    access: 'read',
    summary: 'Incident with timeline and linked alarms',
  }),
  metrics: defineRoute({
    method: 'GET',
    path: '/api/incident-metrics',
    response: IncidentMetricsSchema,
    access: 'read',
    summary: 'MTTA and MTTR over the last 30 days',
  }),
  listKeys: defineRoute({
    method: 'GET',
    path: '/api/integration-keys',
    response: z.array(IntegrationKeySchema),
    access: 'admin:manage',
    summary: 'Alarm integration keys',
  }),
  createKey: defineRoute({
    method: 'POST',
    path: '/api/integration-keys',
    body: CreateIntegrationKeyBodySchema,
    response: CreatedIntegrationKeySchema,
    status: 201,
    access: 'admin:manage',
    summary: 'Create an integration key (shown once)',
  }),
  deleteKey: defineRoute({
    method: 'DELETE',
    path: '/api/integration-keys/:keyId',
    params: z.object({ keyId: z.string().max(64) }),
    response: z.object({ ok: z.literal(true) }),
    access: 'admin:manage',
    summary: 'Revoke an integration key',
  }),
  webhook: defineRoute({
    method: 'POST',
    path: '/v1/event/huawei/custom/:integration_key',
    params: WebhookParams,
    body: WebhookBody,
    response: Envelope,
    access: 'public',
    errorStyle: 'coc-envelope',
    summary: 'Custom alarm integration (seed 4.4.3); authenticated by the key',
  }),
  webhookLegacy: defineRoute({
    method: 'POST',
    path: '/event/huawei/custom/:integration_key',
    params: WebhookParams,
    body: WebhookBody,
    response: Envelope,
    access: 'public',
    errorStyle: 'coc-envelope',
    summary: 'Same webhook without /v1 (first SDK release)',
  }),
}
