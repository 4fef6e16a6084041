import type { WarRoomTenantInfo } from '../../src/contract/war-rooms'
import { WAR_ROOM_STATUSES } from '../../src/contract/war-rooms'

let seq = 0
export function buildWarRoom(over: Partial<WarRoomTenantInfo> = {}): WarRoomTenantInfo {
  const n = ++seq
  const running = n % 3 !== 0
  const created = Date.now() - n * 3_600_000
  return {
    // One id space, as the BFF: the id is the war-room number.
    id: `WR2026112208000000000000${String(n).padStart(2, '0')}`,
    title: `Checkout outage #${n}`,
    admin: 'operator',
    recover_member: [],
    recover_leader: ['operator'],
    incident: {
      id: String(n),
      incident_id: `IM20261122080000000000${String(n).padStart(4, '0')}`,
      is_change_event: false,
      failure_level: n % 2 ? 'level_10' : 'level_20',
      incident_url: '',
    },
    source: 'incident_source_alarm',
    regions: [{ code: 'cn-north-4', name: 'Beijing 4' }],
    change_num: null,
    occur_time: created - 600_000,
    recover_time: running ? null : created + 1_800_000,
    fault_cause: null,
    create_time: created,
    first_report_time: created + 300_000,
    recovery_notification_time: running ? null : created + 1_800_000,
    fault_impact: null,
    description: 'payments failing',
    circular_level: 'level_10',
    war_room_status: running ? WAR_ROOM_STATUSES.running : WAR_ROOM_STATUSES.closed,
    impacted_application: [{ id: 'app-mall', name: 'Mall' }],
    processing_duration: 60 * n,
    restoration_duration: running ? 60 * n + 10 : 40,
    war_room_num: `WR2026112208000000000000${String(n).padStart(2, '0')}`,
    enterprise_project_id: 'default',
    ...over,
  }
}
