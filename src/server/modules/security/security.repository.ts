import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { rowsOf } from '../../db/insert-json'

/**
 * The counters and caches that every replica shares (issue 13): login attempts, used AK/SK signatures and
 * the general API rate limit. Each operation is one statement, so concurrent callers on any replica see
 * each other's increments; times come from the database clock so replicas agree on windows.
 */
export class SecurityRepository {
  constructor(private readonly db: Db) {}

  /**
   * Counts one login attempt for `key` in a fixed window of `windowMs` and returns the count including it
   * and the seconds until the window ends. Atomic: 100 concurrent calls return 1…100.
   */
  async countLoginAttempt(key: string, windowMs: number): Promise<{ attempts: number; retryAfterSec: number }> {
    const window = sql`make_interval(secs => ${windowMs / 1000})`
    const [row] = rowsOf<{ attempts: number; wait: number }>(
      await this.db.execute(sql`
        insert into login_attempts as a (key, attempts, reset_at) values (${key}, 1, now() + ${window})
        on conflict (key) do update set
          attempts = case when a.reset_at <= now() then 1 else a.attempts + 1 end,
          reset_at = case when a.reset_at <= now() then now() + ${window} else a.reset_at end
        returning attempts, ceil(extract(epoch from reset_at - now()))::int as wait`),
    )
    return { attempts: Number(row.attempts), retryAfterSec: Math.max(1, Number(row.wait)) }
  }

  /** Forgets the attempts of `key` (after a successful login) and, now and then, expired windows. */
  async clearLoginAttempts(key: string): Promise<void> {
    await this.db.execute(sql`delete from login_attempts where key = ${key} or reset_at < now() - interval '1 hour'`)
  }

  /**
   * Records a verified signature until `expiresAt`; false when it is there and unexpired (a replay).
   */
  async rememberSignature(signature: string, expiresAt: Date): Promise<boolean> {
    const rows = rowsOf<{ signature: string }>(
      await this.db.execute(sql`
        insert into aksk_signatures (signature, expires_at) values (${signature}, ${expiresAt.toISOString()}::timestamptz)
        on conflict (signature) do update set expires_at = excluded.expires_at
          where aksk_signatures.expires_at < now()
        returning signature`),
    )
    return rows.length === 1
  }

  /** Deletes signatures whose clock window has passed (they could not verify again anyway). */
  async purgeSignatures(): Promise<void> {
    await this.db.execute(sql`delete from aksk_signatures where expires_at < now()`)
  }

  /**
   * Adds `delta` hits per key to the API rate-limit windows (one statement for a whole flush) and returns
   * each key's total and the milliseconds left in its window.
   */
  async addApiHits(
    deltas: Map<string, number>,
    windowMs: number,
  ): Promise<Map<string, { hits: number; ttlMs: number }>> {
    const out = new Map<string, { hits: number; ttlMs: number }>()
    if (!deltas.size) return out
    const json = JSON.stringify([...deltas].map(([key, delta]) => ({ key, delta })))
    const window = sql`make_interval(secs => ${windowMs / 1000})`
    const rows = rowsOf<{ key: string; hits: number; ttl: number }>(
      await this.db.execute(sql`
        insert into api_rate_limits as r (key, hits, reset_at)
        select d.key, d.delta, now() + ${window} from jsonb_to_recordset(${json}::jsonb) as d(key text, delta int)
        order by d.key
        on conflict (key) do update set
          hits = case when r.reset_at <= now() then excluded.hits else r.hits + excluded.hits end,
          reset_at = case when r.reset_at <= now() then excluded.reset_at else r.reset_at end
        returning key, hits, ceil(extract(epoch from reset_at - now()) * 1000)::int as ttl`),
    )
    for (const r of rows) out.set(r.key, { hits: Number(r.hits), ttlMs: Math.max(0, Number(r.ttl)) })
    return out
  }

  /** Deletes rate-limit windows that ended a while ago. */
  async purgeApiHits(): Promise<void> {
    await this.db.execute(sql`delete from api_rate_limits where reset_at < now() - interval '1 minute'`)
  }
}
