import { bigint, index, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core'
import { ts } from '../columns'
import { tenants } from './identity'

/** Apps calling the BlueKing job API; only a SHA-256 of the secret is stored. */
export const bkApps = pgTable(
  'bk_apps',
  {
    id: serial('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    code: text('code').notNull().unique(),
    secretHash: text('secret_hash').notNull(),
    description: text('description').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('bk_apps_tenant').on(t.tenantId)],
)

/**
 * Job instances started through the job API, with the callback to deliver when they settle: a ticket (kind
 * `ticket`, orderId = the ticket's id) or a plan run (kind `plan`, orderId = the run's bk_instance_id; both ids
 * come from one sequence). So orderId has no foreign key: it names a row of execution_orders or of plan_runs,
 * by kind (migration 0019 dropped the ticket-only key on purpose; a plain one would refuse every plan run).
 */
export const bkJobInstances = pgTable('bk_job_instances', {
  orderId: bigint('order_id', { mode: 'number' }).primaryKey(),
  kind: text('kind').$type<'ticket' | 'plan'>().notNull().default('ticket'),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id),
  appCode: text('app_code').notNull(),
  callbackUrl: text('callback_url'),
  /** none | pending | delivered | failed */
  callbackStatus: text('callback_status').notNull().default('none'),
  callbackError: text('callback_error').notNull().default(''),
  createdAt: ts('created_at').notNull().defaultNow(),
})

export type BkAppRow = typeof bkApps.$inferSelect
