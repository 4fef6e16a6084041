import { sql } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { rowsOf } from '../../db/insert-json'
import { alarmInbox } from '../../db/schema'
import type { AlarmItem } from './store-alarms'

/** One advisory lock for the folder: alarms are folded by one transaction at a time across replicas. */
const FOLD_LOCK = 727276
/** A row whose fold failed this many times on its own is left in the inbox for an operator (and logged). */
export const FOLD_ATTEMPTS = 5

export interface InboxRow {
  id: number
  item: AlarmItem
}

/** Queries of alarm_inbox (see its schema): the webhook appends, the folder claims and deletes. */
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

  async markFailed(id: number, error: string) {
    await this.db.execute(
      sql`update ${alarmInbox} set attempts = attempts + 1, last_error = ${error.slice(0, 2000)} where id = ${id}`,
    )
  }
}
