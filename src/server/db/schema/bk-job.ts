import { bigint, index, pgTable, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { executionOrders } from './executions'
import { tenants } from './identity'

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

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

/** Tickets started through the job API, with the callback to deliver when they settle. */
export const bkJobInstances = pgTable('bk_job_instances', {
  orderId: bigint('order_id', { mode: 'number' })
    .primaryKey()
    .references(() => executionOrders.id, { onDelete: 'cascade' }),
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

/** Files of the library: bytes under DATA_DIR/files/<storage_key>, metadata here. */
export const storedFiles = pgTable(
  'stored_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull().unique(),
    /** upload | host */
    source: text('source').notNull().default('upload'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [index('stored_files_tenant').on(t.tenantId, t.createdAt.desc())],
)

export type BkAppRow = typeof bkApps.$inferSelect
export type StoredFileRow = typeof storedFiles.$inferSelect
