import { and, asc, desc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm'
import pg from 'pg'
import { copyOutFirstColumn } from '../../db/binary-copy'
import type { Db, Tx } from '../../db/client'
import { rowsOf } from '../../db/insert-json'
import { type StoredFileRow, storedFileChunks, storedFiles } from '../../db/schema'
import { selectPage } from '../../db/select-page'
import { containsPattern } from '../../lib/like'

/**
 * Queries of stored_files (the library's metadata; deleted files are hidden) and stored_file_chunks (its bytes,
 * in order under a file's storage key).
 */
export class FilesRepository {
  constructor(
    private readonly db: Db,
    /** For binary COPY reads of file bytes. */
    private readonly pool: pg.Pool,
  ) {}

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

  // ---- bytes ----

  /** One chunk of an upload, in its own short statement (an upload never holds a connection while it waits). */
  async appendChunk(storageKey: string, seq: number, data: Buffer, tx: Tx | Db = this.db) {
    await tx.insert(storedFileChunks).values({ storageKey, seq, data })
  }

  /**
   * The chunk `seq` of a file's bytes, or undefined past the end. Read through a binary COPY: a plain SELECT
   * would bring it as hex text (see binary-copy.ts).
   */
  async chunk(storageKey: string, seq: number): Promise<Buffer | undefined> {
    const [data] = await copyOutFirstColumn(
      this.pool,
      `SELECT data FROM stored_file_chunks WHERE storage_key = ${pg.escapeLiteral(storageKey)} AND seq = ${Math.trunc(seq)}`,
    )
    return data ?? undefined
  }

  /** Deletes a file's bytes (in `tx` when it goes with the file's row). */
  async removeChunks(storageKey: string, tx: Tx | Db = this.db) {
    await tx.delete(storedFileChunks).where(eq(storedFileChunks.storageKey, storageKey))
  }

  /**
   * Retention: at most `batchSize` chunks older than `days` that no stored_files row owns (an upload whose
   * replica died, or whose database write failed before its row); returns how many went.
   */
  async purgeAbandonedChunks(days: number, batchSize: number): Promise<number> {
    const result = await this.db.execute(sql`WITH done AS (DELETE FROM ${storedFileChunks} WHERE ctid IN (
        SELECT c.ctid FROM ${storedFileChunks} c
        WHERE c.created_at < now() - make_interval(days => ${days}::int)
          AND NOT EXISTS (SELECT 1 FROM ${storedFiles} f WHERE f.storage_key = c.storage_key)
        ORDER BY c.created_at LIMIT ${batchSize}::int) RETURNING 1)
      SELECT count(*)::int AS n FROM done`)
    return rowsOf<{ n: number }>(result)[0]?.n ?? 0
  }

  /** Live files with bytes but no chunk stored yet (library files kept on disk by an earlier version). */
  withoutChunks() {
    return this.db
      .select()
      .from(storedFiles)
      .where(
        and(
          isNull(storedFiles.deletedAt),
          sql`${storedFiles.size} > 0`,
          sql`NOT EXISTS (SELECT 1 FROM ${storedFileChunks} c WHERE c.storage_key = ${storedFiles.storageKey})`,
        ),
      )
      .orderBy(asc(storedFiles.createdAt))
  }
}
