import type { DbHandle } from '../../db/client'

/** What retention purges: each target names its table's age column, and removes (or empties) one batch. */
export type RetentionTarget = 'ticketLogs' | 'alarms' | 'audit' | 'inbox' | 'notificationDeliveries'

/**
 * One batch per statement, each in its own short transaction, oldest rows of the batch chosen by an index on
 * the age column (migration 0010): a purge of millions of rows never holds locks for long or bloats one
 * transaction. Every statement answers how many rows it touched.
 */
const BATCH_SQL: Record<RetentionTarget, string> = {
  // Ticket records stay (lists, statistics, audit); only the per-host output of long-finished tickets goes.
  ticketLogs: `WITH batch AS (
      SELECT i.id FROM execution_instances i JOIN execution_orders o ON o.id = i.order_id
      WHERE o.finished_at < now() - make_interval(days => $1) AND i.log_purged_at IS NULL AND i.log <> ''
      LIMIT $2),
    done AS (UPDATE execution_instances SET log = '', log_marks = '[]'::jsonb, log_purged_at = now() WHERE id IN (SELECT id FROM batch) RETURNING 1)
    SELECT count(*)::int AS n FROM done`,
  // By last occurrence: an alarm that still fires is young, however old its first occurrence.
  alarms: `WITH done AS (DELETE FROM alarms WHERE id IN (
      SELECT id FROM alarms WHERE last_at < now() - make_interval(days => $1) ORDER BY last_at LIMIT $2) RETURNING 1)
    SELECT count(*)::int AS n FROM done`,
  audit: `WITH done AS (DELETE FROM audit_log WHERE id IN (
      SELECT id FROM audit_log WHERE at < now() - make_interval(days => $1) ORDER BY at LIMIT $2) RETURNING 1)
    SELECT count(*)::int AS n FROM done`,
  inbox: `WITH done AS (DELETE FROM inbox_messages WHERE id IN (
      SELECT id FROM inbox_messages WHERE created_at < now() - make_interval(days => $1) ORDER BY created_at LIMIT $2)
      RETURNING 1)
    SELECT count(*)::int AS n FROM done`,
  notificationDeliveries: `WITH done AS (DELETE FROM notification_deliveries WHERE id IN (
      SELECT id FROM notification_deliveries WHERE created_at < now() - make_interval(days => $1)
      ORDER BY created_at LIMIT $2) RETURNING 1)
    SELECT count(*)::int AS n FROM done`,
}

export class RetentionRepository {
  constructor(private readonly handle: Pick<DbHandle, 'query'>) {}

  /** Purges one batch of `target` rows older than `days`; returns how many it purged. */
  async purgeBatch(target: RetentionTarget, days: number, batchSize: number): Promise<number> {
    const [row] = await this.handle.query<{ n: number }>(BATCH_SQL[target], [days, batchSize])
    return row?.n ?? 0
  }
}
