import { sql } from 'drizzle-orm'
import type { AlarmBody } from '../../../contract/incidents'
import type { Tx } from '../../db/client'
import { insertJson, rowsOf } from '../../db/insert-json'
import { alarms, type integrationKeys } from '../../db/schema'
import type { IncidentsService } from './incidents.service'
import type { NewIncident } from './insert-incidents'

export type KeyRow = typeof integrationKeys.$inferSelect
/** What folding needs of the integration key a call came with (kept with the call in the inbox). */
export type AlarmKey = Pick<KeyRow, 'id' | 'tenantId' | 'name' | 'levelMap' | 'createdBy'>
/** One validated webhook call. */
export interface AlarmItem {
  key: AlarmKey
  alarm: AlarmBody
  status: 'alarm' | 'ok'
}

/** An incident id, or the index of an incident this batch is about to create. */
type IncidentRef = { id: number } | { pending: number }
/**
 * An alarm while the batch is folded over it: `id` null means first seen in this batch (inserted at the end,
 * with its final state); `delta` counts the calls to add to received_count beyond the stored row.
 */
interface AlarmState {
  id: number | null
  first: AlarmItem
  recoveredAt: Date | null
  status: 'alarm' | 'ok'
  incident: IncidentRef | null
  delta: number
}
interface Note {
  ref: IncidentRef
  actor: string
  action: string
  fields: Record<string, unknown>
}

/** Another BFF replica inserted an alarm this batch took for new: run the batch again (it is known now). */
export class AlarmRaceError extends Error {
  constructor() {
    super('alarm inserted concurrently by another writer')
  }
}

const actorOf = (key: AlarmKey) => ({ userId: null, username: `integration:${key.name}`, tenantId: key.tenantId })
const groupKey = (i: AlarmItem) => `${i.key.tenantId}\u0000${i.alarm.alarmId}`

function incidentFor({ key, alarm: a }: AlarmItem): NewIncident {
  const actor = actorOf(key)
  return {
    actor,
    body: {
      current_cloud_service: [a.applicationId],
      region: a.regionId ? [a.regionId] : undefined,
      incident_level: (key.levelMap[a.alarmLevel] ?? 'level_30') as 'level_30',
      is_service_interrupt: false,
      incident_type: 'inc_type_p_monitoring_issues',
      incident_title: a.alarmName.slice(0, 200),
      incident_description: `${a.alarmDesc}${a.resourceName ? ` (${a.resourceName})` : ''}`.slice(0, 600),
      incident_source: 'incident_source_alarm',
      assignee_scene: 'alarm-integration',
      assignee_role: key.createdBy,
      creator: actor.username,
    },
  }
}

/** The row of an alarm first seen in this batch, as it stands after all of the batch's calls for it. */
function newAlarmRow(s: AlarmState, incidentId: number | null) {
  const { key, alarm: a } = s.first
  return {
    tenantId: key.tenantId,
    alarmId: a.alarmId,
    integrationKeyId: key.id,
    name: a.alarmName,
    level: a.alarmLevel,
    status: s.status,
    source: a.alarmSource,
    namespace: a.nameSpace,
    region: a.regionId ?? null,
    applicationId: a.applicationId,
    resourceName: a.resourceName ?? null,
    resourceId: a.resourceId ?? null,
    description: a.alarmDesc,
    url: a.URL ?? null,
    additional: a.additional ?? null,
    occurredAt: new Date(a.time),
    recoveredAt: s.recoveredAt,
    receivedCount: 1 + s.delta,
    incidentId,
  }
}

/**
 * Current state of the alarms these calls name, locked FOR UPDATE in (tenant, alarmId) order. One statement
 * text whatever the batch size (arrays, not an IN list per size), so it is parsed and planned once.
 */
async function lockKnown(tx: Tx, firsts: AlarmItem[]) {
  const rows = rowsOf<{
    id: number
    tenant_id: string
    alarm_id: string
    recovered_at: Date | null
    status: 'alarm' | 'ok'
    incident_id: number | null
  }>(
    await tx.execute(sql`select a.id, a.tenant_id, a.alarm_id, a.recovered_at, a.status, a.incident_id
      from ${alarms} a
      join unnest(${sql.param(firsts.map((i) => i.key.tenantId))}::uuid[], ${sql.param(firsts.map((i) => i.alarm.alarmId))}::text[])
        as k(tenant_id, alarm_id) on a.tenant_id = k.tenant_id and a.alarm_id = k.alarm_id
      order by a.tenant_id, a.alarm_id
      for update of a`),
  )
  const firstOf = new Map(firsts.map((i) => [groupKey(i), i]))
  return new Map(
    rows.map((r): [string, AlarmState] => {
      const k = `${r.tenant_id}\u0000${r.alarm_id}`
      return [
        k,
        {
          id: r.id,
          first: firstOf.get(k)!,
          recoveredAt: r.recovered_at ? new Date(r.recovered_at) : null,
          status: r.status,
          incident: r.incident_id ? { id: r.incident_id } : null,
          delta: 0,
        },
      ]
    }),
  )
}

/**
 * Stores a batch of webhook calls in the caller's transaction with set-based SQL, with the same result as
 * storing them one by one in arrival order: the first call for an unknown alarmId inserts it (and opens an
 * incident when firing); every later call counts as a repeat, and `ok` / a new firing after `ok` records
 * recovery / re-firing on the alarm and its incident's timeline.
 *
 * Statements per batch, whatever its size: lock the known alarms; insert the new incidents (with their
 * timeline `create` and audit rows), then the new alarms already in their final state and linked; insert the
 * other timeline rows; one UPDATE for the known alarms.
 *
 * Race safety across BFF replicas: known alarms are locked FOR UPDATE, new ones go in with INSERT … ON
 * CONFLICT DO NOTHING; if another replica inserted one of them meanwhile, AlarmRaceError rolls the batch back
 * for a rerun. Locks are taken in (tenant, alarmId) order; should two batches still deadlock, PostgreSQL
 * aborts one and GroupCommit retries its calls one by one.
 */
export async function storeAlarms(tx: Tx, incidents: IncidentsService, items: AlarmItem[]) {
  const now = new Date()
  const firsts = new Map<string, AlarmItem>()
  for (const item of items) if (!firsts.has(groupKey(item))) firsts.set(groupKey(item), item)
  const state = await lockKnown(
    tx,
    [...firsts.keys()].sort().map((k) => firsts.get(k)!),
  )

  const opened: NewIncident[] = []
  const notes: Note[] = []
  for (const item of items) {
    const k = groupKey(item)
    const actor = actorOf(item.key).username
    const s = state.get(k)
    if (!s) {
      const firing = item.status === 'alarm'
      const incident = firing ? { pending: opened.length } : null
      state.set(k, { id: null, first: item, recoveredAt: firing ? null : now, status: item.status, incident, delta: 0 })
      if (!incident) continue
      opened.push(incidentFor(item))
      notes.push({
        ref: incident,
        actor,
        action: 'alarm.linked',
        fields: { alarm_id: item.alarm.alarmId, level: item.alarm.alarmLevel },
      })
      continue
    }
    const recovering = item.status === 'ok' && !s.recoveredAt
    const refiring = item.status === 'alarm' && !!s.recoveredAt
    s.delta++
    s.status = item.status
    if (recovering) s.recoveredAt = now
    if (refiring) s.recoveredAt = null
    if (s.incident && (recovering || refiring))
      notes.push({
        ref: s.incident,
        actor,
        action: recovering ? 'alarm.recovered' : 'alarm.refired',
        fields: { alarm_id: item.alarm.alarmId },
      })
  }

  const created = await incidents.createMany(tx, opened)
  const idOf = (ref: IncidentRef | null) => (!ref ? null : 'id' in ref ? ref.id : created[ref.pending].id)
  const fresh = [...state.entries()]
    .filter(([, s]) => s.id === null)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, s]) => s)
  await incidents.noteMany(
    tx,
    notes.map((n) => ({ incidentId: idOf(n.ref)!, actor: n.actor, action: n.action, fields: n.fields })),
  )
  // The known alarms' update and the new alarms' insert travel as one statement (a data-modifying CTE).
  const changed = [...state.values()].filter((s) => s.id !== null && s.delta > 0)
  const update = changed.length
    ? sql`update ${alarms} a
      set received_count = a.received_count + v.delta, last_at = ${now.toISOString()}::timestamptz,
        status = v.status, recovered_at = v.recovered_at
      from jsonb_to_recordset(${JSON.stringify(
        changed.map((s) => ({ id: s.id, delta: s.delta, status: s.status, recovered_at: s.recoveredAt })),
      )}::jsonb) as v(id int, delta int, status text, recovered_at timestamptz)
      where a.id = v.id`
    : undefined
  if (fresh.length) {
    const insert = sql`${insertJson(
      alarms,
      fresh.map((s) => newAlarmRow(s, idOf(s.incident))),
    )} on conflict (tenant_id, alarm_id) do nothing returning id`
    const inserted = rowsOf<{ id: number }>(
      await tx.execute(update ? sql`with known as (${update}) ${insert}` : insert),
    )
    if (inserted.length < fresh.length) throw new AlarmRaceError()
  } else if (update) await tx.execute(update)
  return { created }
}
