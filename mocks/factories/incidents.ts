import type { StuckAlarm } from '../../src/contract/alarm-inbox'
import { allowedActions, type IncidentCard, type IncidentStatus } from '../../src/contract/incidents'

let seq = 0
/** A board card as the BFF returns it. */
export function buildIncident(over: Partial<IncidentCard> = {}): IncidentCard {
  const n = ++seq
  const status: IncidentStatus = over.status ?? 'INCIDENT_STATUS_TRIGGERED'
  return {
    incident_num: `IM2026112208${String(n).padStart(4, '0')}0000000001`.slice(0, 26),
    title: `Checkout latency high #${n}`,
    description: 'p99 above 2 s',
    level: ['level_10', 'level_20', 'level_30'][n % 3],
    type: 'inc_type_p_reliability_issues',
    source: 'incident_source_manual',
    status,
    application_id: 'app-mall',
    region: 'cn-north-4',
    assignee: 'operator',
    assignee_name: 'Olivia Operator',
    is_service_interrupt: false,
    created_at: Date.now() - n * 600_000,
    acknowledged_at: null,
    resolved_at: null,
    completed_at: null,
    cause: null,
    solution: null,
    alarm_count: 0,
    war_room_num: null,
    allowed_actions: allowedActions(status),
    ...over,
  }
}

export function buildBoard() {
  return [
    buildIncident(),
    buildIncident({ level: 'level_10', title: 'Payment API 5xx' }),
    buildIncident({ status: 'INCIDENT_STATUS_ACKNOWLEDGED', acknowledged_at: Date.now() - 300_000 }),
    buildIncident({
      status: 'INCIDENT_STATUS_RESOLVED',
      acknowledged_at: Date.now() - 600_000,
      resolved_at: Date.now() - 60_000,
      cause: 'pool',
      solution: 'raise pool',
    }),
    buildIncident({ status: 'INCIDENT_STATUS_COMPLETED', completed_at: Date.now() }),
  ]
}

let inboxSeq = 0
/** An alarm the webhook accepted but the folder gave up on, as GET /api/incidents/alarm-inbox/failed returns it. */
export function buildStuckAlarm(over: Partial<StuckAlarm> = {}): StuckAlarm {
  const n = ++inboxSeq
  return {
    id: n,
    received_at: new Date(Date.now() - n * 60_000).toISOString(),
    attempts: 5,
    last_error: 'canceling statement due to statement timeout',
    alarm_id: `alarm-${n}`,
    alarm_name: `Disk full on db-${n}`,
    alarm_status: 'alarm',
    key_name: 'prometheus',
    ...over,
  }
}
