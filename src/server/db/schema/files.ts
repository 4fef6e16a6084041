import { bigint, index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { ts } from '../columns'
import { tenants } from './identity'
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

export type StoredFileRow = typeof storedFiles.$inferSelect
