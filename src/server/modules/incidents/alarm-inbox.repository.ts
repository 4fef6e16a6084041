import { and, desc, eq, gte, sql } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { rowsOf } from '../../db/insert-json'
import { alarmInbox } from '../../db/schema'
import type { AlarmItem } from './store-alarms'

/** One advisory lock for the folder: alarms are folded by one transaction at a time across replicas. */
const FOLD_LOCK = 727276
/**
 * A row whose fold failed this many times on its own is left in the inbox (and logged) for the admins of its
 * tenant, who see it in the console and retry or discard it.
 */
export const FOLD_ATTEMPTS = 5

export interface InboxRow {
  id: number
  item: AlarmItem
}

/** The tenant of a row: it travels inside the item, with the integration key it came with. */
const tenantOf = sql`${alarmInbox.item}->'key'->>'tenantId'`
/** A row of `tenantId` the folder gave up on: all that the list, retry and discard may see and touch. */
const stuckIn = (tenantId: string, id?: number) =>
  and(
    gte(alarmInbox.attempts, FOLD_ATTEMPTS),
    eq(tenantOf, tenantId),
    id === undefined ? undefined : eq(alarmInbox.id, id),
  )
/** A stuck row as the console shows it: the item's few fields, not its (up to 16 kB) `additional`. */
const stuckColumns = {
  id: alarmInbox.id,
  receivedAt: alarmInbox.receivedAt,
  attempts: alarmInbox.attempts,
  lastError: alarmInbox.lastError,
  alarmId: sql<string>`coalesce(${alarmInbox.item}->'alarm'->>'alarmId', '')`,
  alarmName: sql<string>`coalesce(${alarmInbox.item}->'alarm'->>'alarmName', '')`,
  alarmStatus: sql<'alarm' | 'ok'>`case when ${alarmInbox.item}->>'status' = 'ok' then 'ok' else 'alarm' end`,
  keyName: sql<string>`coalesce(${alarmInbox.item}->'key'->>'name', '')`,
}
export interface StuckRow {
  id: number
  receivedAt: Date
  attempts: number
  lastError: string | null
  alarmId: string
  alarmName: string
  alarmStatus: 'alarm' | 'ok'
  keyName: string
}

/**
 * Queries of alarm_inbox (see its schema): the webhook appends, the folder claims and deletes, and a tenant's
 * admins list, retry and discard the rows it left stuck.
 */
export class AlarmInboxRepository {
  constructor(private readonly db: Db) {}

  /** A batch of accepted calls in one statement of constant text, ids in the batch's order. */
  async append(items: AlarmItem[]) {
    await this.db.execute(sql`insert into ${alarmInbox} (item)
      select x from jsonb_array_elements(${JSON.stringify(items)}::jsonb) with ordinality as t(x, n) order by n`)
  }

  /** The folder's lock for the rest of `tx`; false when another replica's folder holds it. */
  async tryLock(tx: Tx): Promise<boolean> {
    const [row] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${FOLD_LOCK}) as ok`))
    return row.ok
  }

  /** The folder's lock for the rest of `tx`, waiting for another replica's fold to end. */
  async lock(tx: Tx) {
    await tx.execute(sql`select pg_advisory_xact_lock(${FOLD_LOCK})`)
  }

  /** The oldest `limit` rows (or the one row `id`), deleted in `tx`: they are gone only if `tx` commits. */
  async claim(tx: Tx, limit: number, id?: number): Promise<InboxRow[]> {
    const pick = id
      ? sql`select id from ${alarmInbox} where id = ${id}`
      : sql`select id from ${alarmInbox} where attempts < ${FOLD_ATTEMPTS} order by id limit ${limit}`
    const rows = rowsOf<{ id: string | number; item: AlarmItem }>(
      await tx.execute(sql`delete from ${alarmInbox} where id in (${pick}) returning id, item`),
    )
    return rows.map((r) => ({ id: Number(r.id), item: r.item })).sort((a, b) => a.id - b.id)
  }

  /** The tenant's stuck rows, newest first, at most `limit`, with how many there are in all. */
  async stuck(tenantId: string, limit: number): Promise<{ rows: StuckRow[]; total: number }> {
    const rows = await this.db
      .select({ ...stuckColumns, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(alarmInbox)
      .where(stuckIn(tenantId))
      .orderBy(desc(alarmInbox.id))
      .limit(limit)
    return { rows: rows.map(({ total: _, ...row }) => row), total: rows[0]?.total ?? 0 }
  }

  /**
   * A stuck row of the tenant back to no attempts and no error, so the folder takes it again; returns the row
   * as it was (for the audit log), or undefined if the tenant has no such stuck row.
   */
  async reset(tx: Tx, tenantId: string, id: number): Promise<StuckRow | undefined> {
    const [row] = await tx.select(stuckColumns).from(alarmInbox).where(stuckIn(tenantId, id)).for('update')
    if (row) await tx.update(alarmInbox).set({ attempts: 0, lastError: null }).where(eq(alarmInbox.id, id))
    return row
  }

  /** Deletes a stuck row of the tenant; undefined if there is none. */
  async discard(tx: Tx, tenantId: string, id: number): Promise<StuckRow | undefined> {
    const [row] = await tx.delete(alarmInbox).where(stuckIn(tenantId, id)).returning(stuckColumns)
    return row
  }

  async markFailed(id: number, error: string) {
    await this.db.execute(
      sql`update ${alarmInbox} set attempts = attempts + 1, last_error = ${error.slice(0, 2000)} where id = ${id}`,
    )
  }
}
