import { and, desc, eq, ilike, inArray, isNull, or } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { type StoredFileRow, storedFiles } from '../../db/schema'
import { selectPage } from '../../db/select-page'
import { containsPattern } from '../../lib/like'

/** Queries of stored_files (the library's metadata; the bytes are the service's). Deleted files are hidden. */
export class FilesRepository {
  constructor(private readonly db: Db) {}

  async insert(tx: Tx, values: typeof storedFiles.$inferInsert): Promise<StoredFileRow> {
    const [row] = await tx.insert(storedFiles).values(values).returning()
    return row!
  }

  /**
   * One page of the tenant's files (newest first), matched by name (contains) or exact SHA-256 when `q`, and
   * only those of `ids` when given.
   */
  page(tenantId: string, f: { q?: string; ids?: string[]; limit: number; offset: number }) {
    const where = and(
      eq(storedFiles.tenantId, tenantId),
      isNull(storedFiles.deletedAt),
      f.ids ? inArray(storedFiles.id, f.ids.length ? f.ids : ['00000000-0000-0000-0000-000000000000']) : undefined,
      f.q ? or(ilike(storedFiles.name, containsPattern(f.q)), eq(storedFiles.sha256, f.q.toLowerCase())) : undefined,
    )
    return selectPage(this.db, storedFiles, where, [desc(storedFiles.createdAt)], f)
  }

  /** Marks the tenant's file deleted; the row as it was, or undefined when there is no such live file. */
  async markDeleted(tx: Tx, tenantId: string, id: string): Promise<StoredFileRow | undefined> {
    const [row] = await tx
      .update(storedFiles)
      .set({ deletedAt: new Date() })
      .where(and(eq(storedFiles.tenantId, tenantId), eq(storedFiles.id, id), isNull(storedFiles.deletedAt)))
      .returning()
    return row
  }

  /** The tenant's live files whose id is one of `ids` or whose name is one of `names`, newest first. */
  byIdsOrNames(tenantId: string, ids: string[], names: string[]) {
    return this.db
      .select()
      .from(storedFiles)
      .where(
        and(
          eq(storedFiles.tenantId, tenantId),
          isNull(storedFiles.deletedAt),
          or(ids.length ? inArray(storedFiles.id, ids) : undefined, inArray(storedFiles.name, names)),
        ),
      )
      .orderBy(desc(storedFiles.createdAt))
  }

  /** A live file of any tenant (a signed link names it). */
  async live(id: string): Promise<StoredFileRow | undefined> {
    const [row] = await this.db
      .select()
      .from(storedFiles)
      .where(and(eq(storedFiles.id, id), isNull(storedFiles.deletedAt)))
    return row
  }
}
