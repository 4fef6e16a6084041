import { index, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { ts } from '../columns'

/** Login attempts per `username|ip` and fixed window; counted before the password check (issue 13 #5). */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    key: text('key').primaryKey(),
    attempts: integer('attempts').notNull(),
    resetAt: ts('reset_at').notNull(),
  },
  (t) => [index('login_attempts_reset_idx').on(t.resetAt)],
)

/** AK/SK signatures already used; a row lives as long as its X-Sdk-Date is inside the clock window. */
export const akskSignatures = pgTable(
  'aksk_signatures',
  {
    signature: text('signature').primaryKey(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('aksk_signatures_expires_idx').on(t.expiresAt)],
)

/** General API rate limit counters per client key and fixed window. */
export const apiRateLimits = pgTable(
  'api_rate_limits',
  {
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    resetAt: ts('reset_at').notNull(),
  },
  (t) => [index('api_rate_limits_reset_idx').on(t.resetAt)],
)
