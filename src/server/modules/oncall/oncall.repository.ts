import { and, eq, gt, inArray, sql } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { insertJson, rowsOf } from '../../db/insert-json'
import { escalationPolicies, incidentPages, oncallOverrides, oncallSchedules, type PageStatus } from '../../db/schema'

export type ScheduleRow = typeof oncallSchedules.$inferSelect
export type OverrideRow = typeof oncallOverrides.$inferSelect
export type PolicyRow = typeof escalationPolicies.$inferSelect
export type PageRow = typeof incidentPages.$inferSelect
type Editable<T> = Omit<T, 'id' | 'tenantId' | 'createdAt' | 'updatedAt'>
/** What a schedule's editor sets. */
export type ScheduleValues = Editable<typeof oncallSchedules.$inferInsert>
/** What a policy's editor sets. */
export type PolicyValues = Editable<typeof escalationPolicies.$inferInsert>
export type NewOverride = Omit<typeof oncallOverrides.$inferInsert, 'id' | 'createdAt'>
export type NewPage = Omit<typeof incidentPages.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>

/**
 * Queries of the on-call module's tables: oncall_schedules, oncall_overrides, escalation_policies and
 * incident_pages. The services own the rotation, the choice of policy and the paging's state.
 */
export class OncallRepository {
  constructor(private readonly db: Db) {}

  // ---- schedules ----

  async schedule(tenantId: string, id: string, tx: Tx = this.db): Promise<ScheduleRow | undefined> {
    const [row] = await tx
      .select()
      .from(oncallSchedules)
      .where(and(eq(oncallSchedules.tenantId, tenantId), eq(oncallSchedules.id, id)))
    return row
  }

  schedules(tenantId: string) {
    return this.db
      .select()
      .from(oncallSchedules)
      .where(eq(oncallSchedules.tenantId, tenantId))
      .orderBy(oncallSchedules.name)
  }

  scheduleNames(tenantId: string, tx: Tx = this.db) {
    return tx
      .select({ id: oncallSchedules.id, name: oncallSchedules.name })
      .from(oncallSchedules)
      .where(eq(oncallSchedules.tenantId, tenantId))
  }

  /** The new schedule, or undefined when its name is taken in the tenant. */
  async insertSchedule(tx: Tx, tenantId: string, values: ScheduleValues): Promise<ScheduleRow | undefined> {
    const [row] = await tx
      .insert(oncallSchedules)
      .values({ tenantId, ...values })
      .onConflictDoNothing()
      .returning()
    return row
  }

  async updateSchedule(tx: Tx, id: string, values: ScheduleValues): Promise<ScheduleRow> {
    const [row] = await tx
      .update(oncallSchedules)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(oncallSchedules.id, id))
      .returning()
    return row
  }

  async deleteSchedule(tx: Tx, id: string) {
    await tx.delete(oncallSchedules).where(eq(oncallSchedules.id, id))
  }

  // ---- overrides ----

  /** A schedule's overrides that end after `after`, oldest first. */
  overrides(scheduleId: string, after: Date, tx: Tx = this.db) {
    return tx
      .select()
      .from(oncallOverrides)
      .where(and(eq(oncallOverrides.scheduleId, scheduleId), gt(oncallOverrides.endsAt, after)))
      .orderBy(oncallOverrides.createdAt)
  }

  async insertOverride(tx: Tx, values: NewOverride): Promise<OverrideRow> {
    const [row] = await tx.insert(oncallOverrides).values(values).returning()
    return row
  }

  /** Whether the override of this schedule existed (and is gone now). */
  async deleteOverride(tx: Tx, scheduleId: string, id: string): Promise<boolean> {
    const gone = await tx
      .delete(oncallOverrides)
      .where(and(eq(oncallOverrides.id, id), eq(oncallOverrides.scheduleId, scheduleId)))
      .returning({ id: oncallOverrides.id })
    return gone.length > 0
  }

  // ---- escalation policies ----

  policies(tenantId: string, tx: Tx = this.db) {
    return tx
      .select()
      .from(escalationPolicies)
      .where(eq(escalationPolicies.tenantId, tenantId))
      .orderBy(escalationPolicies.name)
  }

  async policy(tenantId: string, id: string, tx: Tx = this.db): Promise<PolicyRow | undefined> {
    const [row] = await tx
      .select()
      .from(escalationPolicies)
      .where(and(eq(escalationPolicies.tenantId, tenantId), eq(escalationPolicies.id, id)))
    return row
  }

  /** The new policy, or undefined when its name is taken in the tenant. */
  async insertPolicy(tx: Tx, tenantId: string, values: PolicyValues): Promise<PolicyRow | undefined> {
    const [row] = await tx
      .insert(escalationPolicies)
      .values({ tenantId, ...values })
      .onConflictDoNothing()
      .returning()
    return row
  }

  async updatePolicy(tx: Tx, id: string, values: PolicyValues): Promise<PolicyRow> {
    const [row] = await tx
      .update(escalationPolicies)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(escalationPolicies.id, id))
      .returning()
    return row
  }

  async deletePolicy(tx: Tx, id: string) {
    await tx.delete(escalationPolicies).where(eq(escalationPolicies.id, id))
  }

  // ---- incident pages ----

  /** The new page, or undefined when the incident has one already (one page per incident). */
  async insertPage(tx: Tx, values: NewPage): Promise<PageRow | undefined> {
    const [row] = await tx.insert(incidentPages).values(values).onConflictDoNothing().returning()
    return row
  }

  /** Marks these incidents unrouted in one insert; returns the incidents that had no page yet. */
  async insertUnrouted(tx: Tx, incidents: { tenantId: string; id: number }[]): Promise<number[]> {
    if (!incidents.length) return []
    // One parameter for the whole batch: an alarm storm's fold marks thousands of incidents here at once, and
    // drizzle's multi-row VALUES builder cost ~6% of a replica's CPU in bench:alarms.
    const rows = incidents.map((i) => ({
      tenantId: i.tenantId,
      incidentId: i.id,
      policyId: null,
      status: 'unrouted' as const,
    }))
    const marked = rowsOf<{ incident_id: number | string }>(
      await tx.execute(sql`${insertJson(incidentPages, rows)} on conflict do nothing returning incident_id`),
    )
    return marked.map((m) => Number(m.incident_id))
  }

  /** The page locked for update in the caller's transaction. */
  async lockPage(tx: Tx, id: string): Promise<PageRow | undefined> {
    const [row] = await tx.select().from(incidentPages).where(eq(incidentPages.id, id)).for('update')
    return row
  }

  async pageOf(incidentId: number): Promise<PageRow | undefined> {
    const [row] = await this.db.select().from(incidentPages).where(eq(incidentPages.incidentId, incidentId))
    return row
  }

  async updatePage(tx: Tx, id: string, patch: { status?: PageStatus; step?: number }) {
    await tx
      .update(incidentPages)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(incidentPages.id, id))
  }

  /**
   * Stops the incident's page if it is still paging or notified: acknowledged by `acknowledgedBy` now when
   * `accepted`, else exhausted. Returns the stopped page's id and step (none when it was not paging).
   */
  stopPaging(tx: Tx, incidentId: number, accepted: boolean, acknowledgedBy: string | null) {
    return tx
      .update(incidentPages)
      .set({
        status: accepted ? 'acknowledged' : 'exhausted',
        acknowledgedBy: accepted ? acknowledgedBy : null,
        acknowledgedAt: accepted ? new Date() : null,
        updatedAt: new Date(),
      })
      .where(and(eq(incidentPages.incidentId, incidentId), inArray(incidentPages.status, ['paging', 'notified'])))
      .returning({ id: incidentPages.id, step: incidentPages.step })
  }
}
