import { and, asc, desc, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { ComplianceItemQuerySchema, InstanceCompliantQuerySchema } from '../../../contract/patches'
import { selectPage } from '../../db/select-page'
import type { Db, Tx } from '../../db/client'
import {
  patchBaselines,
  patchFirstSeen,
  patchReportHistory,
  patchReportItems,
  patchReports,
  patchScanOrders,
} from '../../db/schema'
import { containsPattern } from '../../lib/like'

export type BaselineRow = typeof patchBaselines.$inferSelect
export type ReportRow = typeof patchReports.$inferSelect
export type OrderRow = typeof patchScanOrders.$inferSelect

/** Escapes LIKE wildcards so a name filter matches literally. */

/** Queries of the patch tables; every one is scoped by tenant. */
export class PatchesRepository {
  constructor(private readonly db: Db) {}

  baselines(tenantId: string, tx: Tx = this.db) {
    return tx
      .select()
      .from(patchBaselines)
      .where(eq(patchBaselines.tenantId, tenantId))
      .orderBy(desc(patchBaselines.isDefault), patchBaselines.name)
  }

  async baseline(tenantId: string, id: string, tx: Tx = this.db) {
    return (
      await tx
        .select()
        .from(patchBaselines)
        .where(and(eq(patchBaselines.tenantId, tenantId), eq(patchBaselines.id, id)))
    )[0]
  }

  async insertBaseline(tx: Tx, values: typeof patchBaselines.$inferInsert) {
    return (await tx.insert(patchBaselines).values(values).onConflictDoNothing().returning())[0]
  }

  async updateBaseline(tx: Tx, tenantId: string, id: string, values: Partial<typeof patchBaselines.$inferInsert>) {
    return (
      await tx
        .update(patchBaselines)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(patchBaselines.tenantId, tenantId), eq(patchBaselines.id, id)))
        .returning()
    )[0]
  }

  async clearDefault(tx: Tx, tenantId: string, os: string) {
    await tx
      .update(patchBaselines)
      .set({ isDefault: false })
      .where(
        and(
          eq(patchBaselines.tenantId, tenantId),
          eq(patchBaselines.operatingSystem, os),
          eq(patchBaselines.isDefault, true),
        ),
      )
  }

  async deleteBaseline(tx: Tx, tenantId: string, id: string) {
    await tx.delete(patchBaselines).where(and(eq(patchBaselines.tenantId, tenantId), eq(patchBaselines.id, id)))
  }

  /** Records when each update was first offered; returns the first-seen time of every given name. */
  async firstSeen(tx: Tx, tenantId: string, names: string[], now: Date): Promise<Map<string, number>> {
    if (names.length === 0) return new Map()
    for (let i = 0; i < names.length; i += 500) {
      await tx
        .insert(patchFirstSeen)
        .values(names.slice(i, i + 500).map((name) => ({ tenantId, name, firstSeenAt: now })))
        .onConflictDoNothing()
    }
    const rows = await tx
      .select()
      .from(patchFirstSeen)
      .where(and(eq(patchFirstSeen.tenantId, tenantId), sql`${patchFirstSeen.name} = ANY(${sql.param(names)}::text[])`))
    return new Map(rows.map((r) => [r.name, r.firstSeenAt.getTime()]))
  }

  async reportOf(tenantId: string, instanceId: string, tx: Tx = this.db) {
    return (
      await tx
        .select()
        .from(patchReports)
        .where(and(eq(patchReports.tenantId, tenantId), eq(patchReports.instanceId, instanceId)))
    )[0]
  }

  reportsOfInstances(tenantId: string, instanceIds: string[]) {
    return this.db
      .select({
        id: patchReports.id,
        instanceId: patchReports.instanceId,
        name: patchReports.name,
        status: patchReports.status,
      })
      .from(patchReports)
      .where(and(eq(patchReports.tenantId, tenantId), inArray(patchReports.instanceId, instanceIds)))
  }

  /** Names of the patches these reports have MISSING (required, update available), sorted, once each. */
  async missingPatches(reportIds: string[]): Promise<string[]> {
    if (!reportIds.length) return []
    const rows = await this.db
      .selectDistinct({ title: patchReportItems.title })
      .from(patchReportItems)
      .where(and(inArray(patchReportItems.reportId, reportIds), eq(patchReportItems.patchStatus, 'MISSING')))
      .orderBy(patchReportItems.title)
    return rows.map((r) => r.title)
  }

  async reportById(tenantId: string, id: string) {
    return (
      await this.db
        .select()
        .from(patchReports)
        .where(and(eq(patchReports.tenantId, tenantId), eq(patchReports.id, id)))
    )[0]
  }

  reportsUsingBaseline(tx: Tx, tenantId: string, baselineId: string) {
    return tx
      .select()
      .from(patchReports)
      .where(and(eq(patchReports.tenantId, tenantId), eq(patchReports.baselineId, baselineId)))
  }

  reportsOfOs(tx: Tx, tenantId: string, os: string) {
    return tx
      .select()
      .from(patchReports)
      .where(and(eq(patchReports.tenantId, tenantId), eq(patchReports.operatingSystem, os)))
  }

  async upsertReport(tx: Tx, values: typeof patchReports.$inferInsert) {
    const { id: _id, tenantId: _t, instanceId: _i, ...update } = values
    return (
      await tx
        .insert(patchReports)
        .values(values)
        .onConflictDoUpdate({ target: [patchReports.tenantId, patchReports.instanceId], set: update })
        .returning()
    )[0]
  }

  async replaceItems(tx: Tx, reportId: string, items: (typeof patchReportItems.$inferInsert)[]) {
    await tx.delete(patchReportItems).where(eq(patchReportItems.reportId, reportId))
    for (let i = 0; i < items.length; i += 1000) await tx.insert(patchReportItems).values(items.slice(i, i + 1000))
  }

  async addHistory(tx: Tx, values: typeof patchReportHistory.$inferInsert) {
    await tx.insert(patchReportHistory).values(values).onConflictDoNothing()
  }

  async listReports(tenantId: string, q: z.infer<typeof InstanceCompliantQuerySchema>) {
    const where: SQL[] = [eq(patchReports.tenantId, tenantId)]
    if (q.name) where.push(ilike(patchReports.name, containsPattern(q.name)))
    if (q.instance_id) where.push(eq(patchReports.instanceId, q.instance_id))
    if (q.ip) where.push(eq(patchReports.ip, q.ip))
    if (q.eip) where.push(eq(patchReports.eip, q.eip))
    if (q.operating_system) where.push(eq(patchReports.operatingSystem, q.operating_system))
    if (q.region) where.push(eq(patchReports.region, q.region))
    if (q.group) where.push(eq(patchReports.group, q.group))
    if (q.compliant_status) where.push(eq(patchReports.status, q.compliant_status))
    if (q.order_id) where.push(eq(patchReports.orderId, q.order_id))
    if (q.report_scene) where.push(eq(patchReports.reportScene, q.report_scene))
    if (q.cce_info_id) where.push(eq(patchReports.cceInfoId, q.cce_info_id))
    const cond = and(...where)
    const order = q.sort_dir === 'asc' ? asc(patchReports.reportTime) : desc(patchReports.reportTime)
    return selectPage(this.db, patchReports, cond, [order, asc(patchReports.name)], {
      limit: q.limit,
      offset: (q.offset - 1) * q.limit,
    })
  }

  async listItems(reportId: string, q: z.infer<typeof ComplianceItemQuerySchema>) {
    const where: SQL[] = [eq(patchReportItems.reportId, reportId)]
    if (q.title) where.push(ilike(patchReportItems.title, containsPattern(q.title)))
    if (q.patch_status) where.push(eq(patchReportItems.patchStatus, q.patch_status))
    if (q.classification) where.push(eq(patchReportItems.classification, q.classification))
    if (q.severity_level) where.push(eq(patchReportItems.severityLevel, q.severity_level))
    if (q.compliance_level) where.push(eq(patchReportItems.complianceLevel, q.compliance_level))
    const cond = and(...where)
    const order =
      q.sort_key === 'installed_time'
        ? q.sort_dir === 'asc'
          ? sql`${patchReportItems.installedTime} ASC NULLS FIRST`
          : sql`${patchReportItems.installedTime} DESC NULLS LAST`
        : // Default: the non-compliant patches first, then by name.
          sql`CASE WHEN ${patchReportItems.patchStatus} IN ('MISSING','FAILED') THEN 0 ELSE 1 END,
            ${patchReportItems.title}`
    return selectPage(this.db, patchReportItems, cond, [order], { limit: q.limit, offset: (q.offset - 1) * q.limit })
  }

  allReports(tenantId: string) {
    return this.db
      .select({
        instanceId: patchReports.instanceId,
        status: patchReports.status,
        os: patchReports.operatingSystem,
        region: patchReports.region,
        group: patchReports.group,
        business: patchReports.business,
        baseline: patchReports.baselineName,
        nonCompliantSeverity: patchReports.nonCompliantSeverity,
        reportTime: patchReports.reportTime,
      })
      .from(patchReports)
      .where(eq(patchReports.tenantId, tenantId))
  }

  /** Per day, each node's last status that day (last 90 days). */
  async trend(tenantId: string): Promise<{ day: string; compliant: number; non_compliant: number }[]> {
    const result = await this.db.execute(sql`
      SELECT to_char(day, 'YYYY-MM-DD') AS day,
             count(*) FILTER (WHERE status = 'compliant')::int AS compliant,
             count(*) FILTER (WHERE status = 'non_compliant')::int AS non_compliant
      FROM (SELECT DISTINCT ON (instance_id, date_trunc('day', report_time))
                   instance_id, date_trunc('day', report_time) AS day, status
            FROM ${patchReportHistory}
            WHERE tenant_id = ${tenantId} AND report_time > now() - interval '90 days'
            ORDER BY instance_id, date_trunc('day', report_time), report_time DESC) last_of_day
      GROUP BY day ORDER BY day`)
    return (result as unknown as { rows: { day: string; compliant: number; non_compliant: number }[] }).rows
  }

  async insertOrder(tx: Tx, values: typeof patchScanOrders.$inferInsert) {
    return (await tx.insert(patchScanOrders).values(values).returning())[0]
  }

  async updateOrder(id: string, values: Partial<typeof patchScanOrders.$inferInsert>) {
    return (
      await this.db
        .update(patchScanOrders)
        .set({ updatedAt: new Date(), ...values })
        .where(eq(patchScanOrders.id, id))
        .returning()
    )[0]
  }

  async order(id: string) {
    return (await this.db.select().from(patchScanOrders).where(eq(patchScanOrders.id, id)))[0]
  }

  /**
   * Counts one host of a running order, once (a host already in `done` changes nothing), and finishes the
   * order with its last host. Returns the order as it now stands, or undefined when nothing changed.
   */
  async countHost(id: string, instanceId: string, error?: string, name?: string) {
    const host = JSON.stringify([instanceId])
    // The host's name too: the report says which host failed in words, not by its resource id.
    const errorJson = JSON.stringify(error === undefined ? [] : [{ instance_id: instanceId, name, message: error }])
    const ok = error === undefined ? 1 : 0
    return (
      await this.db
        .update(patchScanOrders)
        .set({
          succeeded: sql`${patchScanOrders.succeeded} + ${ok}::int`,
          failed: sql`${patchScanOrders.failed} + ${1 - ok}::int`,
          errors: sql`${patchScanOrders.errors} || ${errorJson}::jsonb`,
          done: sql`${patchScanOrders.done} || ${host}::jsonb`,
          status: sql`case when ${patchScanOrders.succeeded} + ${patchScanOrders.failed} + 1 >= ${patchScanOrders.total}
            then 'finished' else ${patchScanOrders.status} end`,
          finishedAt: sql`case when ${patchScanOrders.succeeded} + ${patchScanOrders.failed} + 1 >= ${patchScanOrders.total}
            then now() else ${patchScanOrders.finishedAt} end`,
          updatedAt: sql`now()`,
        })
        .where(
          and(
            eq(patchScanOrders.id, id),
            eq(patchScanOrders.status, 'running'),
            sql`not ${patchScanOrders.done} @> ${host}::jsonb`,
          ),
        )
        .returning()
    )[0]
  }

  /**
   * Closes running orders that made no progress for `minutes` (the replica running them stopped): the hosts
   * not reported count as failed, with one error saying why. Returns the closed orders.
   */
  async closeStuckOrders(minutes: number) {
    return this.db
      .update(patchScanOrders)
      .set({
        status: 'finished',
        finishedAt: sql`now()`,
        updatedAt: sql`now()`,
        failed: sql`${patchScanOrders.total} - ${patchScanOrders.succeeded}`,
        errors: sql`${patchScanOrders.errors} || jsonb_build_array(jsonb_build_object('instance_id', '*',
          'message', ${`interrupted: no progress for ${minutes} minutes (the replica running it stopped)`}::text))`,
      })
      .where(
        and(
          eq(patchScanOrders.status, 'running'),
          sql`${patchScanOrders.updatedAt} < now() - make_interval(mins => ${minutes}::int)`,
        ),
      )
      .returning({ id: patchScanOrders.id, tenantId: patchScanOrders.tenantId })
  }

  orders(tenantId: string) {
    return this.db
      .select()
      .from(patchScanOrders)
      .where(eq(patchScanOrders.tenantId, tenantId))
      .orderBy(desc(patchScanOrders.createdAt))
      .limit(20)
  }
}
