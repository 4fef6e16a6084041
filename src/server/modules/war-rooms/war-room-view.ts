import { WAR_ROOM_STATUSES, type WarRoomTenantInfo } from '../../../contract/war-rooms'
import type { warRooms } from '../../db/schema'

export type WarRoomRow = typeof warRooms.$inferSelect
const MIN = 60_000

/**
 * The seed's two durations, in whole minutes: processing = how long the war room has been open
 * (created → closed, or now); restoration = fault occurrence → recovery (or now while unrecovered).
 */
export function durations(r: Pick<WarRoomRow, 'createdAt' | 'closedAt' | 'occurTime' | 'recoverTime'>, now: number) {
  const processing = Math.max(0, Math.floor(((r.closedAt?.getTime() ?? now) - r.createdAt.getTime()) / MIN))
  const start = (r.occurTime ?? r.createdAt).getTime()
  const restoration = Math.max(0, Math.floor(((r.recoverTime?.getTime() ?? now) - start) / MIN))
  return { processing, restoration }
}

export function toTenantInfo(
  r: WarRoomRow,
  incident: { num: string; level: string; source: string },
  now: number,
): WarRoomTenantInfo {
  const d = durations(r, now)
  return {
    // One id space: the war-room number is the id CreateWarRoom returns and the incident's warroom_id.
    id: r.warRoomNum,
    title: r.title,
    admin: r.admin,
    recover_member: r.recoverMember,
    recover_leader: r.recoverLeader,
    incident: {
      id: String(r.incidentId),
      incident_id: incident.num,
      is_change_event: false, // change tickets are not modelled in this console
      failure_level: incident.level,
      incident_url: `/incidents/${incident.num}`,
    },
    source: incident.source,
    regions: r.regionCodes.map((code, i) => ({ code, name: r.regionNames[i] ?? code })),
    change_num: null,
    occur_time: r.occurTime?.getTime() ?? null,
    recover_time: r.recoverTime?.getTime() ?? null,
    fault_cause: r.faultCause,
    create_time: r.createdAt.getTime(),
    first_report_time: r.firstReportTime?.getTime() ?? null,
    recovery_notification_time: r.recoveryNotificationTime?.getTime() ?? null,
    fault_impact: r.faultImpact,
    description: r.description,
    circular_level: r.circularLevel,
    war_room_status: WAR_ROOM_STATUSES[r.status],
    impacted_application: r.applicationIds.map((id, i) => ({ id, name: r.applicationNames[i] ?? id })),
    processing_duration: d.processing,
    restoration_duration: d.restoration,
    war_room_num: r.warRoomNum,
    enterprise_project_id: r.enterpriseProjectId,
  }
}
