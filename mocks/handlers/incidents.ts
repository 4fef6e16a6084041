import type { z } from 'zod'
import {
  allowedActions,
  type CreateIncidentBodySchema,
  DEFAULT_ALARM_LEVEL_MAP,
  handleOutcome,
  type IncidentStatus,
  incidentRoutes,
  INCIDENT_LEVELS,
  INCIDENT_STATUSES,
  isOpenIncident,
  OPERATE_PARAMETERS,
  OperateKeySchema,
} from '../../src/contract/incidents'
import { alarmInboxRoutes, STUCK_ALARMS_SHOWN } from '../../src/contract/alarm-inbox'
import { refusal } from '../../src/contract/refusal-text'
import { currentUser, db } from '../db'
import { buildIncident } from '../factories/incidents'
import { MockError, mockRoute } from '../mock-route'

const ok = <T>(data: T) => ({ provider_code: '049', error_code: 'GOM.00000000', error_msg: null, data })
const find = (num: string) => {
  const i = db.incidents.find((x) => x.incident_num === num)
  if (!i) throw new MockError(404, 'COC.00000001', `Incident ${num} not found`)
  return i
}

/** Takes a stuck alarm out of the list, or answers 404 as the BFF does. */
function takeStuck(id: number) {
  const alarm = db.stuckAlarms.find((a) => a.id === id)
  if (!alarm) throw new MockError(404, 'NOT_FOUND', refusal('alarm-inbox.not-found', { id }))
  db.stuckAlarms = db.stuckAlarms.filter((a) => a !== alarm)
  return alarm
}

/** A new incident of a create (or draft) body on top of the board. */
function addIncident(body: z.infer<typeof CreateIncidentBodySchema>, status?: IncidentStatus) {
  const card = buildIncident({
    title: body.incident_title,
    description: body.incident_description,
    level: body.incident_level,
    type: body.incident_type,
    source: body.incident_source,
    application_id: body.current_cloud_service?.[0] ?? '',
    assignee: body.incident_assignee?.[0] ?? null,
    created_at: Date.now(),
    ...(status ? { status } : {}),
  })
  db.incidents.unshift(card)
  return card
}

export const incidentHandlers = [
  mockRoute(incidentRoutes.create, ({ body }) => ok({ incident_num: addIncident(body).incident_num })),
  mockRoute(incidentRoutes.createDraft, ({ body }) => ({
    incident_num: addIncident(body, 'incident_draft').incident_num,
  })),
  mockRoute(incidentRoutes.handle, ({ body }) => {
    const i = find(body.incident_num)
    const key = OperateKeySchema.safeParse(body.operate_key)
    if (!key.success)
      throw new MockError(400, 'COC.00000001', `The field[operate_key] value[${body.operate_key}] invalid`)
    const parsed = OPERATE_PARAMETERS[key.data]?.safeParse(body.parameter ?? {})
    if (parsed && !parsed.success) throw new MockError(400, 'COC.00000001', parsed.error.issues[0].message)
    // The contract's rules, as the BFF applies them: who owns it, which times are stamped, what a solution sets.
    const me = currentUser()
    const changes = handleOutcome(i, key.data, (parsed?.data ?? {}) as Record<string, unknown>, {
      userId: me?.id ?? 'admin',
      now: Date.now(),
    })
    if (!changes)
      throw new MockError(400, 'COC.00000001', `operate_key ${key.data} is not allowed in status ${i.status}`)
    const { mtm_type: _m, handle_time: _h, ...card } = changes
    Object.assign(i, card, { allowed_actions: allowedActions(changes.status) })
    if (card.assignee) i.assignee_name = me?.displayName ?? card.assignee
    return ok(null)
  }),
  mockRoute(incidentRoutes.detail, ({ params }) => {
    const i = find(params.incident_num)
    const level = INCIDENT_LEVELS.find((l) => l.key === i.level)!
    const status = INCIDENT_STATUSES.find((s) => s.key === i.status)!
    return ok({
      incident_num: i.incident_num,
      region: i.region ? [i.region] : [],
      enterprise_project: [],
      current_cloud_service: i.application_id ? [i.application_id] : [],
      incident_level: i.level,
      is_service_interrupt: i.is_service_interrupt,
      incident_type: i.type,
      incident_title: i.title,
      incident_description: i.description,
      incident_source: i.source,
      incident_assignee: i.assignee ? [i.assignee] : [],
      assignee_scene: '',
      assignee_role: '',
      warroom_id: null,
      handle_time: i.resolved_at,
      status: i.status,
      create_time: i.created_at,
      creator: 'admin',
      enum_data_list: [
        { filed_key: 'level_id', enum_key: i.level, name_zh: level.zh, name_en: level.en },
        { filed_key: 'work_flow_status', enum_key: i.status, name_zh: status.zh, name_en: status.en },
      ],
    })
  }),
  mockRoute(incidentRoutes.board, ({ query }) =>
    db.incidents.filter(
      (i) =>
        (!query.level || i.level === query.level) &&
        (!query.q || i.title.includes(query.q)) &&
        (!query.resource_id || (db.incidentResources[i.incident_num] ?? []).includes(query.resource_id)),
    ),
  ),
  mockRoute(incidentRoutes.view, ({ params }) => {
    const i = find(params.incident_num)
    return {
      ...i,
      timeline: [
        {
          at: i.created_at,
          actor: 'admin',
          action: 'create',
          from_status: null,
          to_status: 'INCIDENT_STATUS_TRIGGERED',
          fields: {},
        },
      ],
      alarms: [],
    }
  }),
  mockRoute(incidentRoutes.metrics, () => ({
    mtta_minutes: 12.5,
    mttr_minutes: 48,
    open: db.incidents.filter((i) => isOpenIncident(i.status)).length,
  })),
  mockRoute(incidentRoutes.listKeys, () => db.integrationKeys),
  mockRoute(incidentRoutes.createKey, ({ body }) => {
    const k = {
      id: `IK${db.integrationKeys.length + 1}`,
      name: body.name,
      prefix: 'ik_mock',
      level_map: DEFAULT_ALARM_LEVEL_MAP,
      created_at: new Date().toISOString(),
      last_used_at: null,
    }
    db.integrationKeys.push(k)
    return { ...k, key: 'ik_mock_key', webhook_path: '/v1/event/huawei/custom/ik_mock_key' }
  }),
  mockRoute(incidentRoutes.deleteKey, ({ params }) => {
    db.integrationKeys = db.integrationKeys.filter((k) => k.id !== params.keyId)
    return { ok: true as const }
  }),
  mockRoute(alarmInboxRoutes.listFailed, () => ({
    items: db.stuckAlarms.slice(0, STUCK_ALARMS_SHOWN),
    total: db.stuckAlarms.length,
  })),
  // A retried alarm folds at once here: a firing one opens its incident, as the BFF's folder would.
  mockRoute(alarmInboxRoutes.retryFailed, ({ params }) => {
    const alarm = takeStuck(params.id)
    if (alarm.alarm_status === 'alarm')
      db.incidents.unshift(
        buildIncident({
          title: alarm.alarm_name,
          source: 'incident_source_alarm',
          created_at: Date.now(),
          alarm_count: 1,
        }),
      )
    return { ok: true as const }
  }),
  mockRoute(alarmInboxRoutes.discardFailed, ({ params }) => {
    takeStuck(params.id)
    return { ok: true as const }
  }),
  mockRoute(incidentRoutes.webhook, () => ({
    provider_code: '049',
    error_code: 'COC.00000000',
    error_msg: 'success',
    data: null,
  })),
  mockRoute(incidentRoutes.webhookLegacy, () => ({
    provider_code: '049',
    error_code: 'COC.00000000',
    error_msg: 'success',
    data: null,
  })),
]
