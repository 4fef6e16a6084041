import { and, count, desc, eq, gte, ilike, inArray, notInArray, or, type SQL, sql } from 'drizzle-orm'
import { CLOSED_INCIDENT_STATUSES } from '../../../contract/incidents'
import type { Db, Tx } from '../../db/client'
import { insertJson } from '../../db/insert-json'
import { deleteOlderThan } from '../../db/purge-batch'
import { alarms, incidents, incidentTimeline, integrationKeys } from '../../db/schema'
import { containsPattern } from '../../lib/like'
import type { IncidentRow } from './incident-dto'

export type IncidentPatch = Partial<typeof incidents.$inferInsert>
export type NewTimelineEntry = typeof incidentTimeline.$inferInsert
export type IntegrationKeyRow = typeof integrationKeys.$inferSelect
export type NewIntegrationKey = typeof integrationKeys.$inferInsert

/** The board's filters (all optional but the tenant); `since` keeps closed incidents updated after it. */
export interface BoardFilter {
  tenantId: string
  since: Date
  level?: string
  type?: string
  source?: string
  assignee?: string
  applicationId?: string
  /** Incidents with an alarm on this resource (a host's incidents). */
  resourceId?: string
  q?: string
}

/**
 * Queries of the incidents module's tables: incidents, incident_timeline, alarms and integration_keys. The
 * services own the state machine and the rules; the set-based writes of alarm storms stay in
 * insert-incidents.ts and store-alarms.ts.
 */
export class IncidentsRepository {
  constructor(private readonly db: Db) {}

  // ---- incidents ----

  async byNum(tenantId: string, num: string, tx: Tx = this.db): Promise<IncidentRow | undefined> {
    const [row] = await tx
      .select()
      .from(incidents)
      .where(and(eq(incidents.tenantId, tenantId), eq(incidents.incidentNum, num)))
    return row
  }

  /** The incident locked for update in the caller's transaction (a transition reads, checks, then writes it). */
  async lockByNum(tx: Tx, tenantId: string, num: string): Promise<IncidentRow | undefined> {
    const [row] = await tx
      .select()
      .from(incidents)
      .where(and(eq(incidents.tenantId, tenantId), eq(incidents.incidentNum, num)))
      .for('update')
    return row
  }

  async byId(id: number, tx: Tx = this.db): Promise<IncidentRow | undefined> {
    const [row] = await tx.select().from(incidents).where(eq(incidents.id, id))
    return row
  }

  async update(tx: Tx, id: number, patch: IncidentPatch): Promise<IncidentRow> {
    const [row] = await tx.update(incidents).set(patch).where(eq(incidents.id, id)).returning()
    return row
  }

  async setWarRoom(tx: Tx, id: number, warRoomNum: string) {
    await tx.update(incidents).set({ warroomId: warRoomNum }).where(eq(incidents.id, id))
  }

  /** Number, level, source, title and status of these incidents. */
  summaries(ids: number[], tx: Tx = this.db) {
    if (!ids.length) return Promise.resolve([])
    return tx
      .select({
        id: incidents.id,
        num: incidents.incidentNum,
        level: incidents.level,
        source: incidents.source,
        title: incidents.title,
        status: incidents.status,
      })
      .from(incidents)
      .where(inArray(incidents.id, [...new Set(ids)]))
  }

  /** A subquery of the ids of the tenant's incidents with this number and/or these levels. */
  idsMatching(tenantId: string, f: { num?: string; levels?: string[] }) {
    const where: SQL[] = [eq(incidents.tenantId, tenantId)]
    if (f.num) where.push(eq(incidents.incidentNum, f.num))
    if (f.levels?.length) where.push(inArray(incidents.level, f.levels))
    return this.db
      .select({ id: incidents.id })
      .from(incidents)
      .where(and(...where))
  }

  /** The board: open incidents and those closed since `f.since`, by level then newest, at most `limit`. */
  board(f: BoardFilter, limit: number) {
    const where: SQL[] = [
      eq(incidents.tenantId, f.tenantId),
      or(notInArray(incidents.status, [...CLOSED_INCIDENT_STATUSES]), gte(incidents.updatedAt, f.since))!,
    ]
    if (f.level) where.push(eq(incidents.level, f.level))
    if (f.type) where.push(eq(incidents.type, f.type))
    if (f.source) where.push(eq(incidents.source, f.source))
    if (f.assignee) where.push(eq(incidents.assignee, f.assignee))
    if (f.applicationId) where.push(eq(incidents.applicationId, f.applicationId))
    if (f.resourceId)
      where.push(
        sql`exists (select 1 from ${alarms} where ${alarms.incidentId} = ${incidents.id} and ${alarms.resourceId} = ${f.resourceId})`,
      )
    if (f.q) where.push(ilike(incidents.title, containsPattern(f.q)))
    return this.db
      .select()
      .from(incidents)
      .where(and(...where))
      .orderBy(incidents.level, desc(incidents.createdAt))
      .limit(limit)
  }

  /** MTTA and MTTR in minutes (null without data) and the open count of the incidents created since `since`. */
  async metrics(tenantId: string, since: Date) {
    const [m] = await this.db
      .select({
        mtta: sql<number | null>`avg(extract(epoch from (${incidents.acknowledgedAt} - ${incidents.createdAt})) / 60)`,
        mttr: sql<number | null>`avg(extract(epoch from (${incidents.resolvedAt} - ${incidents.createdAt})) / 60)
          filter (where ${incidents.resolvedAt} is not null)`,
        open: sql<number>`count(*) filter (where ${incidents.status} in
          ('INCIDENT_STATUS_TRIGGERED', 'INCIDENT_STATUS_ACKNOWLEDGED', 'INCIDENT_STATUS_RESOLVED'))`,
      })
      .from(incidents)
      .where(and(eq(incidents.tenantId, tenantId), gte(incidents.createdAt, since)))
    return m
  }

  // ---- timeline ----

  async addTimeline(tx: Tx, entry: NewTimelineEntry) {
    await tx.insert(incidentTimeline).values(entry)
  }

  /** Several entries in one INSERT; ids (and so the order within one `at`) follow the input order. */
  async addTimelineMany(tx: Tx, entries: NewTimelineEntry[]) {
    if (entries.length) await tx.execute(insertJson(incidentTimeline, entries))
  }

  timeline(incidentId: number) {
    return this.db
      .select()
      .from(incidentTimeline)
      .where(eq(incidentTimeline.incidentId, incidentId))
      .orderBy(incidentTimeline.at, incidentTimeline.id)
  }

  // ---- alarms ----

  alarmsOf(incidentId: number) {
    return this.db.select().from(alarms).where(eq(alarms.incidentId, incidentId)).orderBy(alarms.firstAt)
  }

  /** How many alarms each of these incidents has (incidents without any are absent). */
  async alarmCounts(incidentIds: number[]): Promise<Map<number, number>> {
    if (!incidentIds.length) return new Map()
    const rows = await this.db
      .select({ id: alarms.incidentId, n: count() })
      .from(alarms)
      .where(inArray(alarms.incidentId, incidentIds))
      .groupBy(alarms.incidentId)
    return new Map(rows.flatMap((r) => (r.id === null ? [] : [[r.id, r.n] as const])))
  }

  /** Retention: alarms whose last occurrence is older than `days`. */
  purgeAlarmBatch(days: number, batchSize: number) {
    return deleteOlderThan(this.db, alarms, alarms.lastAt, days, batchSize)
  }

  // ---- integration keys ----

  keys(tenantId: string) {
    return this.db
      .select()
      .from(integrationKeys)
      .where(eq(integrationKeys.tenantId, tenantId))
      .orderBy(integrationKeys.createdAt)
  }

  async keyByHash(hash: string): Promise<IntegrationKeyRow | undefined> {
    const [row] = await this.db.select().from(integrationKeys).where(eq(integrationKeys.keyHash, hash))
    return row
  }

  /** The new key, or undefined when one with its id or hash exists. */
  async insertKey(tx: Tx, values: NewIntegrationKey): Promise<IntegrationKeyRow | undefined> {
    const [row] = await tx.insert(integrationKeys).values(values).onConflictDoNothing().returning()
    return row
  }

  async deleteKey(tx: Tx, tenantId: string, id: string): Promise<IntegrationKeyRow | undefined> {
    const [row] = await tx
      .delete(integrationKeys)
      .where(and(eq(integrationKeys.tenantId, tenantId), eq(integrationKeys.id, id)))
      .returning()
    return row
  }

  async touchKey(id: string, at: Date) {
    await this.db.update(integrationKeys).set({ lastUsedAt: at }).where(eq(integrationKeys.id, id))
  }
}
