import {
  allowedActions,
  INCIDENT_LEVELS,
  INCIDENT_SOURCES,
  INCIDENT_STATUSES,
  INCIDENT_TYPES,
  type EnumEntry,
  type IncidentCard,
  type IncidentDetail,
  type IncidentStatus,
  type OperateKey,
} from '../../../contract/incidents'
import { hasPermission, type Role } from '../../../contract/identity'
import type { incidents } from '../../db/schema'

export type IncidentRow = typeof incidents.$inferSelect
const ms = (d: Date | null) => (d ? d.getTime() : null)

function enumData(filedKey: string, list: EnumEntry[], key: string) {
  const e = list.find((x) => x.key === key)
  return { filed_key: filedKey, enum_key: key, name_zh: e?.zh ?? key, name_en: e?.en ?? key }
}

/** Seed 4-74 detail; `names` maps user ids to display names for enum_data_list. */
export function toDetail(r: IncidentRow, names: Map<string, string>): IncidentDetail {
  const person = (filedKey: string, id: string) => ({
    filed_key: filedKey,
    enum_key: id,
    name_zh: names.get(id) ?? id,
    name_en: names.get(id) ?? id,
  })
  return {
    incident_num: r.incidentNum,
    region: r.region ? [r.region] : [],
    enterprise_project: r.enterpriseProject ? [r.enterpriseProject] : [],
    current_cloud_service: r.applicationId ? [r.applicationId] : [],
    incident_level: r.level,
    is_service_interrupt: r.isServiceInterrupt,
    incident_type: r.type,
    incident_title: r.title,
    incident_description: r.description,
    incident_source: r.source,
    incident_assignee: r.assignee ? [r.assignee] : [],
    assignee_scene: r.assigneeScene,
    assignee_role: r.assigneeRole,
    warroom_id: r.warroomId,
    handle_time: ms(r.handleTime),
    status: r.status as IncidentStatus,
    create_time: r.createdAt.getTime(),
    creator: r.creator,
    enum_data_list: [
      ...(r.applicationId
        ? [
            {
              filed_key: 'current_cloud_service_id',
              enum_key: r.applicationId,
              name_zh: names.get(r.applicationId) ?? r.applicationId,
              name_en: names.get(r.applicationId) ?? r.applicationId,
            },
          ]
        : []),
      person('creator', r.creator),
      enumData('level_id', INCIDENT_LEVELS, r.level),
      enumData('work_flow_status', INCIDENT_STATUSES, r.status),
      enumData('mtm_type', INCIDENT_TYPES, r.mtmType ?? r.type),
      enumData('source_id', INCIDENT_SOURCES, r.source),
      ...(r.assignee ? [person('assignee', r.assignee)] : []),
    ],
  }
}

/** Board card; `allowed_actions` = the state machine's keys when the role may work incidents. */
export function toCard(r: IncidentRow, role: Role, names: Map<string, string>, alarmCount: number): IncidentCard {
  const actions: OperateKey[] = hasPermission(role, 'incidents:write') ? allowedActions(r.status as IncidentStatus) : []
  return {
    incident_num: r.incidentNum,
    title: r.title,
    description: r.description,
    level: r.level,
    type: r.type,
    source: r.source,
    status: r.status as IncidentStatus,
    application_id: r.applicationId,
    region: r.region,
    assignee: r.assignee,
    assignee_name: r.assignee ? (names.get(r.assignee) ?? r.assignee) : null,
    is_service_interrupt: r.isServiceInterrupt,
    created_at: r.createdAt.getTime(),
    acknowledged_at: ms(r.acknowledgedAt),
    resolved_at: ms(r.resolvedAt),
    completed_at: ms(r.completedAt),
    cause: r.cause,
    solution: r.solution,
    alarm_count: alarmCount,
    war_room_num: r.warroomId,
    allowed_actions: actions,
  }
}
