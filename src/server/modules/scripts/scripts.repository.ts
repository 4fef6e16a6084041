import { and, asc, count, desc, eq, gt, ilike, inArray, isNull, ne, type SQL } from 'drizzle-orm'
import type { ScriptSummaryQuery } from '../../../contract/script-console'
import type { ScriptListQuery } from '../../../contract/scripts'
import type { Db, Tx } from '../../db/client'
import { reviewLinks, scriptReviews, scripts, scriptVersions } from '../../db/schema'
import { countRows, selectColumns } from '../../db/select-page'
import { containsPattern } from '../../lib/like'

/** `%`, `_` and `\` are literal in a user's search text. */

/** Queries of the script tables. Every script lookup takes the tenant: isolation is not optional. */
/** What a COC list item shows (seed table 4-12): no content, description or params, which are most of a row. */
const COC_LIST_COLUMNS = {
  id: scripts.id,
  uuid: scripts.uuid,
  tenantId: scripts.tenantId,
  name: scripts.name,
  type: scripts.type,
  status: scripts.status,
  riskLevel: scripts.riskLevel,
  version: scripts.version,
  protocol: scripts.protocol,
  reviewers: scripts.reviewers,
  creatorId: scripts.creatorId,
  creatorName: scripts.creatorName,
  operatorName: scripts.operatorName,
  createdAt: scripts.createdAt,
  updatedAt: scripts.updatedAt,
}

/** The library table's columns; content stays because the table counts high-risk findings in it. */
const CONSOLE_LIST_COLUMNS = {
  ...COC_LIST_COLUMNS,
  revision: scripts.revision,
  reviewRevision: scripts.reviewRevision,
  content: scripts.content,
}

export class ScriptsRepository {
  constructor(private readonly db: Db) {}

  async byUuid(tenantId: string, uuid: string, tx: Tx = this.db) {
    return (
      await tx
        .select()
        .from(scripts)
        .where(and(eq(scripts.tenantId, tenantId), eq(scripts.uuid, uuid)))
    )[0]
  }

  async byName(tenantId: string, name: string) {
    return (
      await this.db
        .select()
        .from(scripts)
        .where(and(eq(scripts.tenantId, tenantId), eq(scripts.name, name)))
    )[0]
  }

  /** Locks the row for the rest of the transaction, so concurrent edits and decisions serialise. */
  async lockByUuid(tx: Tx, tenantId: string, uuid: string) {
    return (
      await tx
        .select()
        .from(scripts)
        .where(and(eq(scripts.tenantId, tenantId), eq(scripts.uuid, uuid)))
        .for('update')
    )[0]
  }

  async lockById(tx: Tx, id: number) {
    return (await tx.select().from(scripts).where(eq(scripts.id, id)).for('update'))[0]
  }

  async byId(tx: Tx, id: number) {
    return (await tx.select().from(scripts).where(eq(scripts.id, id)))[0]
  }

  async nameTaken(tx: Tx, tenantId: string, name: string, exceptId?: number) {
    const cond = [eq(scripts.tenantId, tenantId), eq(scripts.name, name)]
    if (exceptId !== undefined) cond.push(ne(scripts.id, exceptId))
    return (
      (
        await tx
          .select({ id: scripts.id })
          .from(scripts)
          .where(and(...cond))
      ).length > 0
    )
  }

  async insert(tx: Tx, values: typeof scripts.$inferInsert) {
    return (await tx.insert(scripts).values(values).returning())[0]
  }

  async update(tx: Tx, id: number, values: Partial<typeof scripts.$inferInsert>) {
    return (
      await tx
        .update(scripts)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(scripts.id, id))
        .returning()
    )[0]
  }

  async remove(tx: Tx, id: number) {
    await tx.delete(scripts).where(eq(scripts.id, id))
  }

  /** COC list: cursor paging by id (`marker` = last id seen), filters as in seed table 4-10. */
  async listCoc(tenantId: string, q: ScriptListQuery) {
    const where: SQL[] = [eq(scripts.tenantId, tenantId)]
    if (q.name_like) where.push(ilike(scripts.name, containsPattern(q.name_like)))
    if (q.creator) where.push(eq(scripts.creatorName, q.creator))
    if (q.risk_level) where.push(eq(scripts.riskLevel, q.risk_level))
    if (q.type) where.push(eq(scripts.type, q.type))
    const filter = and(...where)
    const page = q.marker !== undefined ? and(filter, gt(scripts.id, q.marker)) : filter
    const [rows, total] = await Promise.all([
      selectColumns(this.db, scripts, COC_LIST_COLUMNS, page, [asc(scripts.id)], { limit: q.limit }),
      countRows(this.db, scripts, filter),
    ])
    return { rows, total }
  }

  /** BlueKing get_script_list: offset paging by id; `length` 0 means all. */
  async listBk(
    tenantId: string,
    q: { name?: string; type?: 'SHELL' | 'PYTHON' | 'BAT'; start: number; length: number },
  ) {
    const where: SQL[] = [eq(scripts.tenantId, tenantId)]
    if (q.name) where.push(ilike(scripts.name, containsPattern(q.name)))
    if (q.type) where.push(eq(scripts.type, q.type))
    const filter = and(...where)
    const query = this.db.select().from(scripts).where(filter).orderBy(asc(scripts.id)).offset(q.start)
    const [rows, [{ total }]] = await Promise.all([
      q.length > 0 ? query.limit(q.length) : query,
      this.db.select({ total: count() }).from(scripts).where(filter),
    ])
    return { rows, total }
  }

  /** Console list: offset paging, most recently changed first. */
  async listConsole(tenantId: string, q: ScriptSummaryQuery) {
    const where: SQL[] = [eq(scripts.tenantId, tenantId)]
    if (q.nameLike) where.push(ilike(scripts.name, containsPattern(q.nameLike)))
    if (q.creator) where.push(eq(scripts.creatorName, q.creator))
    if (q.riskLevel) where.push(eq(scripts.riskLevel, q.riskLevel))
    if (q.type) where.push(eq(scripts.type, q.type))
    if (q.status) where.push(eq(scripts.status, q.status))
    const filter = and(...where)
    const [rows, total] = await Promise.all([
      selectColumns(this.db, scripts, CONSOLE_LIST_COLUMNS, filter, [desc(scripts.updatedAt), desc(scripts.id)], {
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      }),
      countRows(this.db, scripts, filter),
    ])
    return { rows, total }
  }

  async insertVersion(tx: Tx, values: typeof scriptVersions.$inferInsert) {
    await tx.insert(scriptVersions).values(values)
  }

  listVersions(scriptId: number) {
    return this.db
      .select()
      .from(scriptVersions)
      .where(eq(scriptVersions.scriptId, scriptId))
      .orderBy(desc(scriptVersions.revision))
  }

  async version(scriptId: number, revision: number, tx: Tx = this.db) {
    return (
      await tx
        .select()
        .from(scriptVersions)
        .where(and(eq(scriptVersions.scriptId, scriptId), eq(scriptVersions.revision, revision)))
    )[0]
  }

  async insertReview(tx: Tx, values: typeof scriptReviews.$inferInsert) {
    return (await tx.insert(scriptReviews).values(values).returning())[0]
  }

  reviewsOf(scriptId: number, revision: number, tx: Tx = this.db) {
    return tx
      .select()
      .from(scriptReviews)
      .where(and(eq(scriptReviews.scriptId, scriptId), eq(scriptReviews.revision, revision)))
      .orderBy(asc(scriptReviews.reviewerName))
  }

  /** Reviews of several scripts' current rounds, for the library table. */
  async reviewsOfRounds(rounds: { scriptId: number; revision: number }[]) {
    if (rounds.length === 0) return []
    const rows = await this.db
      .select()
      .from(scriptReviews)
      .where(
        inArray(
          scriptReviews.scriptId,
          rounds.map((r) => r.scriptId),
        ),
      )
    const want = new Set(rounds.map((r) => `${r.scriptId}:${r.revision}`))
    return rows.filter((r) => want.has(`${r.scriptId}:${r.revision}`))
  }

  async decide(tx: Tx, reviewId: string, decision: 'approved' | 'rejected', comment: string) {
    await tx
      .update(scriptReviews)
      .set({ decision, comment, decidedAt: new Date() })
      .where(eq(scriptReviews.id, reviewId))
  }

  async insertLink(tx: Tx, values: typeof reviewLinks.$inferInsert) {
    return (await tx.insert(reviewLinks).values(values).returning())[0]
  }

  /** A link with its review, for opening it. */
  async link(linkId: string, tx: Tx = this.db) {
    return (
      await tx
        .select({ link: reviewLinks, review: scriptReviews })
        .from(reviewLinks)
        .innerJoin(scriptReviews, eq(scriptReviews.id, reviewLinks.reviewId))
        .where(eq(reviewLinks.id, linkId))
    )[0]
  }

  /** Marks the link used; false when it already was (two tabs racing): single use is decided here. */
  async useLink(tx: Tx, linkId: string) {
    const rows = await tx
      .update(reviewLinks)
      .set({ usedAt: new Date() })
      .where(and(eq(reviewLinks.id, linkId), isNull(reviewLinks.usedAt)))
      .returning({ id: reviewLinks.id })
    return rows.length === 1
  }
}
