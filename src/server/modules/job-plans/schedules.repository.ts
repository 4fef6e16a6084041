import { and, asc, desc, eq, gte, ilike, lte, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { jobPlans, planSchedules, type ScheduleRow, scheduleFires } from '../../db/schema'
import { selectPage } from '../../db/select-page'
import { containsPattern } from '../../lib/like'

export type NewScheduleRow = typeof planSchedules.$inferInsert
export type ScheduleFireRow = typeof scheduleFires.$inferSelect

/** get_cron_list's filters (all optional but the tenant); `cronId` alone when given. */
export interface BkCronFilter {
  cronId?: number
  name?: string
  enabled?: boolean
  creator?: string
  createdFrom?: Date
  createdTo?: Date
  updatedFrom?: Date
  updatedTo?: Date
}

/** Queries of plan_schedules and schedule_fires; the service owns the fire jobs, generations and catch-up. */
export class SchedulesRepository {
  constructor(private readonly db: Db) {}

  /** The tenant's schedule, locked for update in `tx` when `lock`. */
  async byId(tenantId: string, id: string, tx: Tx = this.db, lock = false): Promise<ScheduleRow | undefined> {
    const q = tx
      .select()
      .from(planSchedules)
      .where(and(eq(planSchedules.id, id), eq(planSchedules.tenantId, tenantId)))
    const [row] = lock ? await q.for('update') : await q
    return row
  }

  /** Any tenant's schedule as it is now, unlocked (its fire job prepares the run from it). */
  async byIdAnyTenant(id: string): Promise<ScheduleRow | undefined> {
    const [row] = await this.db.select().from(planSchedules).where(eq(planSchedules.id, id))
    return row
  }

  /** Any tenant's schedule locked for update (its fire job). */
  async lock(tx: Tx, id: string): Promise<ScheduleRow | undefined> {
    const [row] = await tx.select().from(planSchedules).where(eq(planSchedules.id, id)).for('update')
    return row
  }

  /** The name of the schedule's plan ('' when it is gone). */
  async planName(planId: string) {
    const [p] = await this.db.select({ name: jobPlans.name }).from(jobPlans).where(eq(jobPlans.id, planId))
    return p?.name ?? ''
  }

  /** One page of the tenant's schedules (newest first), of one plan when given. */
  page(tenantId: string, f: { planId?: string; limit: number; offset: number }) {
    const where = and(eq(planSchedules.tenantId, tenantId), f.planId ? eq(planSchedules.planId, f.planId) : undefined)
    return selectPage(this.db, planSchedules, where, [desc(planSchedules.createdAt)], f)
  }

  async insert(tx: Tx, values: NewScheduleRow): Promise<ScheduleRow> {
    const [row] = await tx.insert(planSchedules).values(values).returning()
    return row!
  }

  async update(tx: Tx, id: string, values: Partial<NewScheduleRow>): Promise<ScheduleRow> {
    const [row] = await tx.update(planSchedules).set(values).where(eq(planSchedules.id, id)).returning()
    return row!
  }

  // ---- fires ----

  /** One page of a schedule's fires, latest slot first. */
  firesPage(scheduleId: string, f: { limit: number; offset: number }) {
    return selectPage(this.db, scheduleFires, eq(scheduleFires.scheduleId, scheduleId), [desc(scheduleFires.slotAt)], f)
  }

  /** Records a slot once: the new fire's id, or undefined when the slot was recorded already. */
  async claimSlot(tx: Tx, values: typeof scheduleFires.$inferInsert) {
    const [claimed] = await tx
      .insert(scheduleFires)
      .values(values)
      .onConflictDoNothing()
      .returning({ id: scheduleFires.id })
    return claimed?.id
  }

  async updateFire(tx: Tx, id: ScheduleFireRow['id'], values: Partial<typeof scheduleFires.$inferInsert>) {
    await tx.update(scheduleFires).set(values).where(eq(scheduleFires.id, id))
  }

  // ---- the job API's view (bk_cron_id) ----

  async byBkCronId(tenantId: string, bkCronId: number): Promise<ScheduleRow | undefined> {
    const [row] = await this.db
      .select()
      .from(planSchedules)
      .where(and(eq(planSchedules.tenantId, tenantId), eq(planSchedules.bkCronId, bkCronId)))
    return row
  }

  async bkCronIdOf(id: string) {
    const [row] = await this.db
      .select({ n: planSchedules.bkCronId })
      .from(planSchedules)
      .where(eq(planSchedules.id, id))
    return row!.n
  }

  /** get_cron_list: the tenant's schedules with their plan, by cron id, from `start`, at most `length` (none: all). */
  async bkList(tenantId: string, f: BkCronFilter, start: number, length?: number) {
    const conds: SQL[] = [eq(planSchedules.tenantId, tenantId)]
    if (f.cronId) conds.push(eq(planSchedules.bkCronId, f.cronId))
    else {
      if (f.name) conds.push(ilike(planSchedules.name, containsPattern(f.name)))
      if (f.enabled !== undefined) conds.push(eq(planSchedules.enabled, f.enabled))
      if (f.creator) conds.push(eq(planSchedules.creatorName, f.creator))
      if (f.createdFrom) conds.push(gte(planSchedules.createdAt, f.createdFrom))
      if (f.createdTo) conds.push(lte(planSchedules.createdAt, f.createdTo))
      if (f.updatedFrom) conds.push(gte(planSchedules.updatedAt, f.updatedFrom))
      if (f.updatedTo) conds.push(lte(planSchedules.updatedAt, f.updatedTo))
    }
    const q = this.db
      .select({ s: planSchedules, plan: { bkJobId: jobPlans.bkJobId, name: jobPlans.name } })
      .from(planSchedules)
      .innerJoin(jobPlans, eq(jobPlans.id, planSchedules.planId))
      .where(and(...conds))
      .orderBy(asc(planSchedules.bkCronId))
      .offset(start)
    return length ? await q.limit(length) : await q
  }
}
