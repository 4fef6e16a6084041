import { z } from 'zod'
import { defineRoute } from './http'
import { envelopeOf } from './incidents'

const str = (min: number, max: number) => z.string().min(min).max(max)
const list = <T extends z.ZodType>(item: T, max = 1000) => z.array(item).max(max)

export const WarRoomStatusSchema = z.enum(['running', 'closed'])
export type WarRoomStatus = z.infer<typeof WarRoomStatusSchema>
/** war_room_status as the seed's WarRoomEnumeration (table 4-89). */
export const WAR_ROOM_STATUSES = {
  running: { id: 'running', name_zh: '进行中', name_en: 'Running', type: 'war_room_status' },
  closed: { id: 'closed', name_zh: '已关闭', name_en: 'Closed', type: 'war_room_status' },
} as const

/** CreateWarRoom body (seed 4.4.2.1, table 4-80). */
export const CreateWarRoomBodySchema = z.object({
  war_room_name: str(1, 255),
  description: str(0, 255).optional(),
  region_code_list: list(str(1, 255)).optional(),
  application_id_list: z.array(str(1, 255)).min(1).max(1000),
  incident_number: str(1, 255),
  schedule_group: list(z.object({ role_id: str(0, 255), scene_id: str(0, 255) })),
  participant: list(str(0, 255)).optional(),
  war_room_admin: str(1, 255),
  application_names: list(str(0, 1000)).optional(),
  region_names: list(str(0, 1000)).optional(),
  enterprise_project_id: str(1, 64),
  notification_type: z.enum(['WECHAT', 'DING_TALK', 'LARK', 'NULL_GROUP']).optional(),
})

const epochMs = z.number().int().min(0)
/**
 * ListWarRooms body (seed 4.4.2.2, table 4-83). As the seed defines them, `limit` is the index of the first
 * row (0–1000, default 0) and `offset` the number of rows (default 10); the triggered window defaults to the
 * last 30 days. `statistic_flag: true` returns only total_num / running_num / closed_num.
 */
export const ListWarRoomsBodySchema = z
  .object({
    limit: z.number().int().min(0).max(1000).default(0),
    offset: z.number().int().min(0).max(1000).default(10),
    incident_num: str(0, 64).optional(),
    title: str(0, 1000).optional(),
    region_code_list: list(str(0, 200)).optional(),
    incident_levels: list(str(0, 32)).optional(),
    impacted_application_ids: list(str(0, 200)).optional(),
    admin: list(str(0, 200)).optional(),
    status: list(str(0, 10), 100).optional(),
    triggered_start_time: epochMs.optional(),
    triggered_end_time: epochMs.optional(),
    occur_start_time: epochMs.optional(),
    occur_end_time: epochMs.optional(),
    recover_start_time: epochMs.optional(),
    recover_end_time: epochMs.optional(),
    notification_level: list(str(0, 32)).optional(),
    enterprise_project_ids: list(str(0, 64), 500).optional(),
    war_room_num: str(0, 255).optional(),
    statistic_flag: z.boolean().default(false),
  })
  .default({ limit: 0, offset: 10, statistic_flag: false })

const Named = z.object({ id: z.string(), name: z.string() })
/** WarRoomTenantInfo (table 4-86); durations in whole minutes. */
export const WarRoomTenantInfoSchema = z.object({
  id: z.string(),
  title: z.string(),
  admin: z.string(),
  recover_member: z.array(z.string()),
  recover_leader: z.array(z.string()),
  incident: z.object({
    id: z.string(),
    incident_id: z.string(),
    is_change_event: z.boolean(),
    failure_level: z.string(),
    incident_url: z.string(),
  }),
  source: z.string(),
  regions: z.array(z.object({ code: z.string(), name: z.string() })),
  change_num: z.string().nullable(),
  occur_time: z.number().int().nullable(),
  recover_time: z.number().int().nullable(),
  fault_cause: z.string().nullable(),
  create_time: z.number().int(),
  first_report_time: z.number().int().nullable(),
  recovery_notification_time: z.number().int().nullable(),
  fault_impact: z.string().nullable(),
  description: z.string(),
  circular_level: z.string(),
  war_room_status: z.object({ id: z.string(), name_zh: z.string(), name_en: z.string(), type: z.string() }),
  impacted_application: z.array(Named),
  /** Minutes the war room has been (or was) open: create_time → closed (or now). */
  processing_duration: z.number().int(),
  /** Minutes from the fault's occurrence to its recovery (or now while unrecovered). */
  restoration_duration: z.number().int(),
  war_room_num: z.string(),
  enterprise_project_id: z.string(),
})
export type WarRoomTenantInfo = z.infer<typeof WarRoomTenantInfoSchema>

export const WarRoomListDataSchema = z.object({
  list: z.array(WarRoomTenantInfoSchema).optional(),
  total: z.number().int().optional(),
  running_num: z.number().int(),
  closed_num: z.number().int(),
  total_num: z.number().int(),
})

export const WarRoomEventSchema = z.object({
  at: z.number().int(),
  actor: z.string(),
  kind: z.enum(['note', 'status', 'member', 'report']),
  text: z.string(),
})
export const WarRoomDetailSchema = WarRoomTenantInfoSchema.extend({
  participants: z.array(z.string()),
  incident_title: z.string(),
  incident_status: z.string(),
  events: z.array(WarRoomEventSchema),
  /** Console actions open to the caller: note, members, report, close. */
  can_manage: z.boolean(),
})

export const WarRoomStatsSchema = z.object({
  running_num: z.number().int(),
  closed_num: z.number().int(),
  total_num: z.number().int(),
  per_day: z.array(z.object({ day: z.string(), count: z.number().int() })),
  /** Restoration duration buckets of recovered war rooms: ≤15, ≤30, ≤60, ≤240, >240 minutes. */
  restoration_buckets: z.array(z.object({ bucket: z.string(), count: z.number().int() })),
  by_application: z.array(z.object({ key: z.string(), count: z.number().int() })),
  by_level: z.array(z.object({ key: z.string(), count: z.number().int() })),
})

const WarRoomIdParams = z.object({ warRoomId: z.string().max(64) })
export const warRoomRoutes = {
  create: defineRoute({
    method: 'POST',
    path: '/v1/external/warrooms',
    body: CreateWarRoomBodySchema,
    response: envelopeOf(z.string()),
    access: 'incidents:write',
    errorStyle: 'coc-envelope',
    summary: 'Create a war room for an incident (seed 4.4.2.1)',
  }),
  list: defineRoute({
    method: 'POST',
    path: '/v1/external/warrooms/list',
    body: ListWarRoomsBodySchema,
    response: envelopeOf(WarRoomListDataSchema),
    access: 'read',
    errorStyle: 'coc-envelope',
    summary: 'Query war rooms (seed 4.4.2.2)',
  }),
  detail: defineRoute({
    method: 'GET',
    path: '/api/war-rooms/:warRoomId',
    params: WarRoomIdParams,
    response: WarRoomDetailSchema,
    access: 'read',
    summary: 'War room with members and its timeline',
  }),
  addNote: defineRoute({
    method: 'POST',
    path: '/api/war-rooms/:warRoomId/notes',
    params: WarRoomIdParams,
    body: z.object({ text: str(1, 2000), kind: z.enum(['note', 'report']).default('note') }),
    response: WarRoomDetailSchema,
    access: 'incidents:write',
    summary: 'Add a note (or a status report: the first one sets first_report_time)',
  }),
  updateMembers: defineRoute({
    method: 'POST',
    path: '/api/war-rooms/:warRoomId/members',
    params: WarRoomIdParams,
    body: z.object({
      participants: list(str(1, 255), 200).optional(),
      recover_leader: list(str(1, 255), 20).optional(),
      recover_member: list(str(1, 255), 200).optional(),
    }),
    response: WarRoomDetailSchema,
    access: 'incidents:write',
    summary: 'Add participants, recovery leaders and members',
  }),
  close: defineRoute({
    method: 'POST',
    path: '/api/war-rooms/:warRoomId/close',
    params: WarRoomIdParams,
    body: z.object({ fault_cause: str(0, 255).optional(), fault_impact: str(0, 255).optional() }),
    response: WarRoomDetailSchema,
    access: 'incidents:write',
    summary: 'Close the war room (its admin or an admin)',
  }),
  stats: defineRoute({
    method: 'GET',
    path: '/api/war-room-stats',
    query: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }),
    response: WarRoomStatsSchema,
    access: 'read',
    summary: 'Counts and chart data of the dashboard',
  }),
}
