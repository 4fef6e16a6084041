import { and, eq, inArray, or, sql } from 'drizzle-orm'
import type { AlarmBody } from '../../../contract/incidents'
import type { Tx } from '../../db/client'
import { insertJson, rowsOf } from '../../db/insert-json'
import { alarms, integrationKeys } from '../../db/schema'
import type { IncidentsService, NewIncident } from '../incidents/incidents.service'

export type KeyRow = typeof integrationKeys.$inferSelect
/** One validated webhook call. */
export interface AlarmItem { key: KeyRow; alarm: AlarmBody; status: 'alarm' | 'ok' }
/** What one call did: opened an incident, stored a new already-recovered alarm, or updated a known alarm. */
export type AlarmOutcome = 'opened' | 'stored' | 'repeated' | 'recovered' | 'refired'

/** An incident id, or the index of an incident this batch is about to create. */
type IncidentRef = { id: number } | { pending: number }
interface AlarmState { id: number; recoveredAt: Date | null; status: 'alarm' | 'ok'; incident: IncidentRef | null; delta: number; linkNew: boolean }
interface Note { ref: IncidentRef; actor: string; action: string; fields: Record<string, unknown> }

const actorOf = (key: KeyRow) => ({ userId: null, username: `integration:${key.name}`, tenantId: key.tenantId })
const groupKey = (i: AlarmItem) => `${i.key.tenantId}\u0000${i.alarm.alarmId}`

function incidentFor({ key, alarm: a }: AlarmItem): NewIncident {
  const actor = actorOf(key)
  return { actor, body: {
    current_cloud_service: [a.applicationId], region: a.regionId ? [a.regionId] : undefined, incident_level: (key.levelMap[a.alarmLevel] ?? 'level_30') as 'level_30',
    is_service_interrupt: false, incident_type: 'inc_type_p_monitoring_issues', incident_title: a.alarmName.slice(0, 200),
    incident_description: `${a.alarmDesc}${a.resourceName ? ` (${a.resourceName})` : ''}`.slice(0, 600), incident_source: 'incident_source_alarm',
    assignee_scene: 'alarm-integration', assignee_role: key.createdBy, creator: actor.username,
  } }
}

function alarmRow({ key, alarm: a, status }: AlarmItem, now: Date) {
  return {
    tenantId: key.tenantId, alarmId: a.alarmId, integrationKeyId: key.id, name: a.alarmName, level: a.alarmLevel, status, source: a.alarmSource,
    namespace: a.nameSpace, region: a.regionId ?? null, applicationId: a.applicationId, resourceName: a.resourceName ?? null,
    resourceId: a.resourceId ?? null, description: a.alarmDesc, url: a.URL ?? null, additional: a.additional ?? null,
    occurredAt: new Date(a.time), recoveredAt: status === 'ok' ? now : null,
  }
}

/** Current state of the alarms these calls name, locked FOR UPDATE in (tenant, alarmId) order. */
async function lockKnown(tx: Tx, firsts: AlarmItem[]) {
  const tenants = [...new Set(firsts.map((i) => i.key.tenantId))]
  const rows = await tx.select({ id: alarms.id, tenantId: alarms.tenantId, alarmId: alarms.alarmId, recoveredAt: alarms.recoveredAt,
    status: alarms.status, incidentId: alarms.incidentId }).from(alarms)
    .where(or(...tenants.map((t) => and(eq(alarms.tenantId, t), inArray(alarms.alarmId, firsts.filter((i) => i.key.tenantId === t).map((i) => i.alarm.alarmId))))))
    .orderBy(alarms.tenantId, alarms.alarmId).for('update')
  return new Map(rows.map((r): [string, AlarmState] => [`${r.tenantId}\u0000${r.alarmId}`,
    { id: r.id, recoveredAt: r.recoveredAt, status: r.status, incident: r.incidentId ? { id: r.incidentId } : null, delta: 0, linkNew: false }]))
}

/**
 * Stores a batch of webhook calls in the caller's transaction with set-based SQL, with the same result as
 * storing them one by one in arrival order: the first call for an unknown alarmId inserts it (and opens an
 * incident when firing); every later call counts as a repeat, and `ok` / a new firing after `ok` records
 * recovery / re-firing on the alarm and its incident's timeline.
 *
 * Statements per batch, whatever its size: lock the known alarms, insert the unknown ones, the incidents (with
 * their timeline `create` and audit rows), the other timeline rows, one UPDATE for all touched alarms.
 *
 * Race safety across BFF replicas: known alarms are locked FOR UPDATE; unknown ones go in with INSERT … ON
 * CONFLICT DO NOTHING, so one inserted by another replica meanwhile is locked and treated as known. Locks are
 * taken in (tenant, alarmId) order; should two batches still deadlock, PostgreSQL aborts one and GroupCommit
 * retries its calls one by one.
 */
export async function storeAlarms(tx: Tx, incidents: IncidentsService, items: AlarmItem[]) {
  const now = new Date()
  const groups = new Map<string, AlarmItem[]>()
  for (const item of items) {
    const k = groupKey(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  const sorted = [...groups.keys()].sort()
  const state = await lockKnown(tx, sorted.map((k) => groups.get(k)![0]))
  const missing = sorted.filter((k) => !state.has(k)).map((k) => groups.get(k)![0])
  const newIds = new Map<string, number>()
  if (missing.length) {
    const inserted = rowsOf<{ id: number; tenant_id: string; alarm_id: string }>(await tx.execute(sql`${insertJson(alarms, missing.map((i) => alarmRow(i, now)))}
      on conflict (tenant_id, alarm_id) do nothing returning id, tenant_id, alarm_id`))
    for (const r of inserted) newIds.set(`${r.tenant_id}\u0000${r.alarm_id}`, r.id)
    // Inserted by another replica since our SELECT: lock it and count these calls as repeats.
    const raced = missing.filter((i) => !newIds.has(groupKey(i)))
    if (raced.length) for (const [k, s] of await lockKnown(tx, raced)) state.set(k, s)
  }

  const opened: NewIncident[] = []
  const notes: Note[] = []
  const outcomes = items.map((item): AlarmOutcome => {
    const k = groupKey(item)
    const actor = actorOf(item.key).username
    let s = state.get(k)
    if (!s) {
      const id = newIds.get(k)
      // Neither inserted nor found: only possible if it was deleted meanwhile; the per-item retry sorts it out.
      if (id === undefined) throw new Error(`alarm ${item.alarm.alarmId} vanished during ingest`)
      const firing = item.status === 'alarm'
      s = { id, recoveredAt: firing ? null : now, status: item.status, incident: firing ? { pending: opened.length } : null, delta: 0, linkNew: firing }
      state.set(k, s)
      if (!firing) return 'stored'
      opened.push(incidentFor(item))
      notes.push({ ref: s.incident!, actor, action: 'alarm.linked', fields: { alarm_id: item.alarm.alarmId, level: item.alarm.alarmLevel } })
      return 'opened'
    }
    const recovering = item.status === 'ok' && !s.recoveredAt
    const refiring = item.status === 'alarm' && !!s.recoveredAt
    s.delta++
    s.status = item.status
    if (recovering) s.recoveredAt = now
    if (refiring) s.recoveredAt = null
    if (s.incident && (recovering || refiring)) notes.push({ ref: s.incident, actor, action: recovering ? 'alarm.recovered' : 'alarm.refired', fields: { alarm_id: item.alarm.alarmId } })
    return recovering ? 'recovered' : refiring ? 'refired' : 'repeated'
  })

  const created = await incidents.createMany(tx, opened)
  const idOf = (ref: IncidentRef) => ('id' in ref ? ref.id : created[ref.pending].id)
  await incidents.noteMany(tx, notes.map((n) => ({ incidentId: idOf(n.ref), actor: n.actor, action: n.action, fields: n.fields })))
  const changed = [...state.values()].filter((s) => s.delta > 0 || s.linkNew)
  if (changed.length) {
    const values = JSON.stringify(changed.map((s) => ({ id: s.id, delta: s.delta, status: s.status, recovered_at: s.recoveredAt, incident_id: s.linkNew ? idOf(s.incident!) : null })))
    await tx.execute(sql`update alarms a set received_count = a.received_count + v.delta, last_at = ${now.toISOString()}::timestamptz, status = v.status,
      recovered_at = v.recovered_at, incident_id = coalesce(v.incident_id, a.incident_id)
      from jsonb_to_recordset(${values}::jsonb) as v(id int, delta int, status text, recovered_at timestamptz, incident_id int) where a.id = v.id`)
  }
  return { outcomes, created }
}
