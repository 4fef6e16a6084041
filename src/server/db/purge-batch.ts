import { sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Db } from './client'
import { rowsOf } from './insert-json'

/**
 * Retention's one step for a table its module owns: deletes at most `batchSize` rows whose `age` is older than
 * `days`, oldest first (by the index on that column, migration 0010), in one short statement; returns how many
 * went. The retention job repeats it until a batch comes back short.
 */
export async function deleteOlderThan(
  db: Db,
  table: PgTable & { id: PgColumn },
  age: PgColumn,
  days: number,
  batchSize: number,
): Promise<number> {
  const result = await db.execute(sql`WITH done AS (DELETE FROM ${table} WHERE ${table.id} IN (
      SELECT ${table.id} FROM ${table} WHERE ${age} < now() - make_interval(days => ${days}::int)
      ORDER BY ${age} LIMIT ${batchSize}::int) RETURNING 1)
    SELECT count(*)::int AS n FROM done`)
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0
}
