import { and, asc, desc, eq, gte, ilike, lte, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { type JobPlanRow, jobPlans, jobPlanVersions } from '../../db/schema'
import { selectPage } from '../../db/select-page'
import { containsPattern } from '../../lib/like'

export type NewJobPlanRow = typeof jobPlans.$inferInsert
export type JobPlanPatch = Partial<NewJobPlanRow>

/** get_job_list's filters (all optional but the tenant); times bound created_at. */
export interface BkPlanFilter {
  creator?: string
  name?: string
  lastModifyUser?: string
  createdFrom?: Date
  createdTo?: Date
}

/** Queries of job_plans and job_plan_versions; the service owns versions, review and the rules. */
export class JobPlansRepository {
  constructor(private readonly db: Db) {}

  async byId(tenantId: string, id: string, tx: Tx = this.db): Promise<JobPlanRow | undefined> {
    const [row] = await tx
      .select()
      .from(jobPlans)
      .where(and(eq(jobPlans.tenantId, tenantId), eq(jobPlans.id, id)))
    return row
  }

  /** The plan locked for update in `tx`; `tenantId` limits it to one tenant's plans. */
  /** The plan's open review (read without a lock: the caller locks the approval, then the plan). */
  async peekReview(tx: Tx, tenantId: string, id: string): Promise<{ reviewApprovalId: string | null } | undefined> {
    const [row] = await tx
      .select({ reviewApprovalId: jobPlans.reviewApprovalId })
      .from(jobPlans)
      .where(and(eq(jobPlans.tenantId, tenantId), eq(jobPlans.id, id)))
    return row
  }

  async lock(tx: Tx, id: string, tenantId?: string): Promise<JobPlanRow | undefined> {
    const [row] = await tx
      .select()
      .from(jobPlans)
      .where(and(eq(jobPlans.id, id), tenantId ? eq(jobPlans.tenantId, tenantId) : undefined))
      .for('update')
    return row
  }

  /** Whether the tenant has a plan of that name. */
  async nameTaken(tx: Tx, tenantId: string, name: string) {
    const [dup] = await tx
      .select({ id: jobPlans.id })
      .from(jobPlans)
      .where(and(eq(jobPlans.tenantId, tenantId), eq(jobPlans.name, name)))
    return dup !== undefined
  }

  /** One page of the tenant's plans (last updated first), matched by name (contains) when `name`. */
  page(tenantId: string, f: { name?: string; limit: number; offset: number }) {
    const where = and(
      eq(jobPlans.tenantId, tenantId),
      f.name ? ilike(jobPlans.name, containsPattern(f.name)) : undefined,
    )
    return selectPage(this.db, jobPlans, where, [desc(jobPlans.updatedAt)], f)
  }

  async insert(tx: Tx, values: NewJobPlanRow): Promise<JobPlanRow> {
    const [row] = await tx.insert(jobPlans).values(values).returning()
    return row!
  }

  async update(tx: Tx, id: string, values: JobPlanPatch): Promise<JobPlanRow | undefined> {
    const [row] = await tx.update(jobPlans).set(values).where(eq(jobPlans.id, id)).returning()
    return row
  }

  // ---- versions ----

  async insertVersion(tx: Tx, values: typeof jobPlanVersions.$inferInsert) {
    await tx.insert(jobPlanVersions).values(values)
  }

  async version(planId: string, version: number, tx: Tx = this.db) {
    const [v] = await tx
      .select()
      .from(jobPlanVersions)
      .where(and(eq(jobPlanVersions.planId, planId), eq(jobPlanVersions.version, version)))
    return v
  }

  /** A plan's versions, newest first. */
  versions(planId: string) {
    return this.db
      .select()
      .from(jobPlanVersions)
      .where(eq(jobPlanVersions.planId, planId))
      .orderBy(desc(jobPlanVersions.version))
  }

  // ---- the job API's view (bk_job_id) ----

  async byBkJobId(tenantId: string, bkJobId: number): Promise<JobPlanRow | undefined> {
    const [row] = await this.db
      .select()
      .from(jobPlans)
      .where(and(eq(jobPlans.tenantId, tenantId), eq(jobPlans.bkJobId, bkJobId)))
    return row
  }

  /** get_job_list: the tenant's plans under the filter, by bk_job_id, from `start`, at most `length` (none: all). */
  async bkList(tenantId: string, f: BkPlanFilter, start: number, length?: number) {
    const conds: SQL[] = [eq(jobPlans.tenantId, tenantId)]
    if (f.creator) conds.push(eq(jobPlans.creatorName, f.creator))
    if (f.name) conds.push(ilike(jobPlans.name, containsPattern(f.name)))
    if (f.lastModifyUser) conds.push(eq(jobPlans.updatedBy, f.lastModifyUser))
    if (f.createdFrom) conds.push(gte(jobPlans.createdAt, f.createdFrom))
    if (f.createdTo) conds.push(lte(jobPlans.createdAt, f.createdTo))
    const q = this.db
      .select()
      .from(jobPlans)
      .where(and(...conds))
      .orderBy(asc(jobPlans.bkJobId))
      .offset(start)
    return length ? await q.limit(length) : await q
  }
}
