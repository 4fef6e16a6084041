import { and, desc, eq, gte, ilike, inArray, lte, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm'
import type { ListWarRoomsBody } from '../../../contract/war-rooms'
import type { Db, Tx } from '../../db/client'
import { warRoomEvents, warRooms } from '../../db/schema'
import { containsPattern } from '../../lib/like'
import type { WarRoomRow } from './war-room-view'

const DAY = 86_400_000
/** 9999-12-31T23:59:59.999Z: the seed's Long times (up to 2^63−1) are clamped to a date every layer can write. */
const MAX_DATE_MS = 253_402_300_799_999
const at = (ms: number) => new Date(Math.min(ms, MAX_DATE_MS))

export type NewWarRoom = typeof warRooms.$inferInsert
export type NewWarRoomEvent = typeof warRoomEvents.$inferInsert

/** Queries of war_rooms and war_room_events; the service owns the rules, the incidents service the incidents. */
export class WarRoomsRepository {
  constructor(private readonly db: Db) {}

  async runningOf(incidentId: number, tx: Tx = this.db): Promise<WarRoomRow | undefined> {
    const [row] = await tx
      .select()
      .from(warRooms)
      .where(and(eq(warRooms.incidentId, incidentId), eq(warRooms.status, 'running')))
    return row
  }

  async insert(tx: Tx, values: NewWarRoom) {
    const [row] = await tx.insert(warRooms).values(values).returning()
    return row
  }

  async update(tx: Tx, id: string, values: Partial<NewWarRoom>) {
    const [row] = await tx.update(warRooms).set(values).where(eq(warRooms.id, id)).returning()
    return row
  }

  async addEvent(tx: Tx, values: NewWarRoomEvent) {
    await tx.insert(warRoomEvents).values(values)
  }

  /** A room by its public number (WR…) or, for links made before that, its internal key. */
  async byId(tenantId: string, id: string, tx: Tx = this.db): Promise<WarRoomRow | undefined> {
    const [row] = await tx
      .select()
      .from(warRooms)
      .where(and(eq(warRooms.tenantId, tenantId), or(eq(warRooms.warRoomNum, id), eq(warRooms.id, id))))
    return row
  }

  events(roomId: string) {
    return this.db
      .select()
      .from(warRoomEvents)
      .where(eq(warRoomEvents.warRoomId, roomId))
      .orderBy(warRoomEvents.at, warRoomEvents.id)
  }

  /** Total and running rooms, and one page (newest first), under a filter from `listFilter`. */
  async page(where: SQL | undefined, first: number, count: number) {
    const [counts] = await this.db
      .select({
        total: sql<number>`count(*)::int`,
        running: sql<number>`(count(*) filter (where ${warRooms.status} = 'running'))::int`,
      })
      .from(warRooms)
      .where(where)
    const rows =
      count > 0
        ? await this.db
            .select()
            .from(warRooms)
            .where(where)
            .orderBy(desc(warRooms.createdAt))
            .limit(count)
            .offset(first)
        : []
    return { total: counts.total, running: counts.running, rows }
  }

  /**
   * The seed's filters of ListWarRooms; `war_room_nums` overrides all the others. `incidentIds` is the
   * incidents service's subquery for the incident filters (number, levels), when the query has them.
   */
  listFilter(tenantId: string, q: ListWarRoomsBody, now: number, incidentIds?: SQLWrapper) {
    if (q.war_room_nums?.length)
      return and(eq(warRooms.tenantId, tenantId), inArray(warRooms.warRoomNum, q.war_room_nums))
    const where: SQL[] = [
      eq(warRooms.tenantId, tenantId),
      gte(warRooms.createdAt, at(q.triggered_start_time ?? now - 30 * DAY)),
      lte(warRooms.createdAt, at(q.triggered_end_time ?? now)),
    ]
    if (incidentIds) where.push(inArray(warRooms.incidentId, incidentIds))
    if (q.title) where.push(ilike(warRooms.title, containsPattern(q.title)))
    if (q.region_code_list?.length) where.push(sql`${warRooms.regionCodes} && ${sql.param(q.region_code_list)}::text[]`)
    if (q.impacted_application_ids?.length)
      where.push(sql`${warRooms.applicationIds} && ${sql.param(q.impacted_application_ids)}::text[]`)
    if (q.admin?.length) where.push(inArray(warRooms.admin, q.admin))
    if (q.status?.length)
      where.push(inArray(warRooms.status, q.status.map((s) => s.toLowerCase()) as ('running' | 'closed')[]))
    if (q.occur_start_time !== undefined) where.push(gte(warRooms.occurTime, at(q.occur_start_time)))
    if (q.occur_end_time !== undefined) where.push(lte(warRooms.occurTime, at(q.occur_end_time)))
    if (q.recover_start_time !== undefined) where.push(gte(warRooms.recoverTime, at(q.recover_start_time)))
    if (q.recover_end_time !== undefined) where.push(lte(warRooms.recoverTime, at(q.recover_end_time)))
    if (q.notification_level?.length) where.push(inArray(warRooms.circularLevel, q.notification_level))
    if (q.enterprise_project_ids?.length) where.push(inArray(warRooms.enterpriseProjectId, q.enterprise_project_ids))
    if (q.war_room_num) where.push(eq(warRooms.warRoomNum, q.war_room_num))
    return and(...where)
  }

  /** The tenant's rooms created since `since` (statistics). */
  createdSince(tenantId: string, since: Date) {
    return this.db
      .select()
      .from(warRooms)
      .where(and(eq(warRooms.tenantId, tenantId), gte(warRooms.createdAt, since)))
  }
}
