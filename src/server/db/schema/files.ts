import { bigint, customType, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { ts } from '../columns'
import { tenants } from './identity'
/** Files of the library: metadata here, bytes in stored_file_chunks under `storage_key`. */
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

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

/**
 * The bytes of library files, 256 KiB per row in order (migration 0034): in PostgreSQL, so any replica serves
 * any file. Written before their stored_files row exists; chunks without one are an upload that never finished.
 */
export const storedFileChunks = pgTable(
  'stored_file_chunks',
  {
    storageKey: text('storage_key').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storageKey, t.seq] }), index('stored_file_chunks_created').on(t.createdAt)],
)
