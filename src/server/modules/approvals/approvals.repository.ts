import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { type ApprovalRow, approvalEvents, approvalLinks, approvals } from '../../db/schema'
import { selectPage } from '../../db/select-page'

export type ApprovalEventRow = typeof approvalEvents.$inferSelect
export type NewApprovalRow = typeof approvals.$inferInsert
export type NewApprovalEvent = typeof approvalEvents.$inferInsert

/** Queries of approvals, approval_events and approval_links; the service owns who may vote and when it settles. */
export class ApprovalsRepository {
  constructor(private readonly db: Db) {}

  async insert(tx: Tx, values: NewApprovalRow): Promise<ApprovalRow> {
    const [row] = await tx.insert(approvals).values(values).returning()
    return row!
  }

  async insertEvent(tx: Tx, values: NewApprovalEvent) {
    await tx.insert(approvalEvents).values(values)
  }

  /** The tenant's approval, locked for update in `tx` when `lock`. */
  async byId(tenantId: string, id: string, tx: Tx = this.db, lock = false): Promise<ApprovalRow | undefined> {
    const q = tx
      .select()
      .from(approvals)
      .where(and(eq(approvals.id, id), eq(approvals.tenantId, tenantId)))
    const [row] = lock ? await q.for('update') : await q
    return row
  }

  /** Any tenant's approval locked for update (the timeout job, a canceled run). */
  async lock(tx: Tx, id: string): Promise<ApprovalRow | undefined> {
    const [row] = await tx.select().from(approvals).where(eq(approvals.id, id)).for('update')
    return row
  }

  /** The timelines of several approvals, each in order. */
  async events(ids: string[], tx: Tx = this.db): Promise<ApprovalEventRow[]> {
    if (!ids.length) return []
    return tx
      .select()
      .from(approvalEvents)
      .where(inArray(approvalEvents.approvalId, ids))
      .orderBy(asc(approvalEvents.id))
  }

  /** One page of the tenant's approvals (newest first), with the total under the filter. */
  page(tenantId: string, f: { status?: ApprovalRow['status']; pendingOnly?: boolean; limit: number; offset: number }) {
    const conds: SQL[] = [eq(approvals.tenantId, tenantId)]
    if (f.status) conds.push(eq(approvals.status, f.status))
    if (f.pendingOnly) conds.push(eq(approvals.status, 'pending'))
    return selectPage(this.db, approvals, and(...conds), [desc(approvals.createdAt)], f)
  }

  async setStatus(tx: Tx, id: string, status: ApprovalRow['status']): Promise<ApprovalRow> {
    const [row] = await tx
      .update(approvals)
      .set({ status, decidedAt: new Date() })
      .where(eq(approvals.id, id))
      .returning()
    return row!
  }

  // ---- signed links ----

  async insertLink(tx: Tx, values: typeof approvalLinks.$inferInsert) {
    const [link] = await tx.insert(approvalLinks).values(values).returning()
    return link!
  }

  /** Every signed link of an approval (one per approver notified, delegates included). */
  linksOf(tx: Tx, approvalId: string) {
    return tx.select().from(approvalLinks).where(eq(approvalLinks.approvalId, approvalId))
  }

  async link(id: string) {
    const [link] = await this.db.select().from(approvalLinks).where(eq(approvalLinks.id, id))
    return link
  }

  /** Marks the user's link used; false when the link is not theirs. */
  async markLinkUsed(tx: Tx, id: string, userId: string) {
    const used = await tx
      .update(approvalLinks)
      .set({ usedAt: new Date() })
      .where(and(eq(approvalLinks.id, id), eq(approvalLinks.userId, userId)))
      .returning()
    return used.length > 0
  }
}
