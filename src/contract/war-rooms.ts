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

/** The seed's Long bound 2^63−1: JSON.parse turns that number into the double 2^63, so that is the bound. */
const LONG_MAX = 2 ** 63
/** A Long of the seed (0..2^63−1): whole, but not limited to JS safe integers as zod's `.int()` is. */
const long = () =>
  z
    .number()
    .min(0)
    .max(LONG_MAX)
    .refine((v) => Number.isInteger(v), 'must be a whole number')
/**
 * A filter list item. The seed's request example sends numbers (`"admin": [0]`, `"status": [0]`) where its
 * table says strings: a number is taken as its decimal string.
 */
const filterItem = (max: number) => z.union([str(0, max), z.number().transform(String)])
/** Rows one ListWarRooms page returns at most (the response's `list` holds 0–1000). */
export const WAR_ROOM_PAGE_MAX = 1000

/**
 * ListWarRooms body (seed 4.4.2.2, table 4-83). As the seed's table defines them, `limit` is the index of the
 * first row (0–1000, default 0) and `offset` the number of rows (0–2^63−1, default 10; at most 1000 are
 * returned). The seed's own request example pages with `marker` (first row) and `page_size` (rows): accepted
 * as those. See `warRoomWindow` for the one case read the conventional way. The triggered window defaults
 * to the last 30 days. `statistic_flag: true` returns only total_num / running_num / closed_num.
 */
export const ListWarRoomsBodySchema = z
  .object({
    limit: z.number().int().min(0).max(1000).optional(),
    offset: long().optional(),
    /** The seed example's paging: index of the first row. */
    marker: z.number().int().min(0).max(1000).optional(),
    /** The seed example's paging: rows per page. */
    page_size: long().optional(),
    /** War-room numbers (WR…): when given, every other filter is ignored (SDK ListWarRooms). */
    war_room_nums: list(str(0, 255)).optional(),
    incident_num: str(0, 64).optional(),
    title: str(0, 1000).optional(),
    region_code_list: list(filterItem(200)).optional(),
    incident_levels: list(filterItem(32)).optional(),
    impacted_application_ids: list(filterItem(200)).optional(),
    admin: list(filterItem(200)).optional(),
    status: list(filterItem(10), 100).optional(),
    triggered_start_time: long().optional(),
    triggered_end_time: long().optional(),
    occur_start_time: long().optional(),
    occur_end_time: long().optional(),
    recover_start_time: long().optional(),
    recover_end_time: long().optional(),
    notification_level: list(filterItem(32)).optional(),
    enterprise_project_ids: list(filterItem(64), 500).optional(),
    war_room_num: str(0, 255).optional(),
    statistic_flag: z.boolean().default(false),
  })
  .default({ statistic_flag: false })
export type ListWarRoomsBody = z.infer<typeof ListWarRoomsBodySchema>

/**
 * The page a ListWarRooms body asks for: `first` row index and `count` rows (≤ WAR_ROOM_PAGE_MAX).
 * `marker`/`page_size` win when given. `offset: 0` with a `limit` above 0 cannot mean "zero rows from row
 * `limit`" (statistic_flag is how to ask for no rows), so it is read as a client of the conventional
 * reading meant it: `limit` rows from the first. Shared by the BFF and the mocks.
 */
export function warRoomWindow(q: Pick<ListWarRoomsBody, 'limit' | 'offset' | 'marker' | 'page_size'>) {
  const conventional = q.marker === undefined && q.page_size === undefined && q.offset === 0 && (q.limit ?? 0) > 0
  const first = conventional ? 0 : (q.marker ?? q.limit ?? 0)
  const count = conventional ? (q.limit ?? 0) : (q.page_size ?? q.offset ?? 10)
  return { first, count: Math.min(count, WAR_ROOM_PAGE_MAX) }
}

const Named = z.object({ id: z.string(), name: z.string() })
/** WarRoomTenantInfo (table 4-86); durations in whole minutes. */
export const WarRoomTenantInfoSchema = z.object({
  /** The war-room number (WR…), as CreateWarRoom returns it and the incident's `warroom_id` shows it. */
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

/** A war-room number (WR…); the older internal key is still accepted. */
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
