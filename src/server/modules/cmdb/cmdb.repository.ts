import { and, asc, count, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { selectJoined } from '../../db/select-page'
import { cmdbApps, cmdbBusinesses, cmdbHosts, cmdbModules, cmdbSets } from '../../db/schema'
import { containsPattern } from '../../lib/like'

export type BusinessRow = typeof cmdbBusinesses.$inferSelect
export type SetRow = typeof cmdbSets.$inferSelect
export type ModuleRow = typeof cmdbModules.$inferSelect
export type HostRow = typeof cmdbHosts.$inferSelect

/** A host joined with its module, set and business (the BlueKing search_host row). */
export const hostColumns = {
  host: cmdbHosts,
  bizId: cmdbBusinesses.id,
  bizName: cmdbBusinesses.name,
  setId: cmdbSets.id,
  setName: cmdbSets.name,
  moduleName: cmdbModules.name,
  moduleKind: cmdbModules.kind,
}

export interface HostFilter {
  q?: string
  bizId?: number
  setId?: number
  moduleId?: number
  status?: HostRow['agentStatus']
}

/** The FROM clause of `joined()`, for `selectJoined`. */
const JOINED_FROM = sql`${cmdbHosts}
  inner join ${cmdbModules} on ${cmdbModules.id} = ${cmdbHosts.moduleId}
  inner join ${cmdbSets} on ${cmdbSets.id} = ${cmdbModules.setId}
  inner join ${cmdbBusinesses} on ${cmdbBusinesses.id} = ${cmdbModules.bizId}`

/** Online hosts first (the ones a ticket can reach), then by id. */
const onlineFirst = [sql`(${cmdbHosts.agentStatus} = 'online') desc`, asc(cmdbHosts.id)]
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Queries of the mainline tables. Every query takes the tenant id: rows of other tenants are invisible. */
export class CmdbRepository {
  constructor(private readonly db: Db) {}

  businesses(tenantId: string, tx: Tx = this.db) {
    return tx.select().from(cmdbBusinesses).where(eq(cmdbBusinesses.tenantId, tenantId)).orderBy(asc(cmdbBusinesses.id))
  }

  async business(tenantId: string, id: number, tx: Tx = this.db) {
    return (
      await tx
        .select()
        .from(cmdbBusinesses)
        .where(and(eq(cmdbBusinesses.tenantId, tenantId), eq(cmdbBusinesses.id, id)))
    )[0]
  }

  sets(tenantId: string, tx: Tx = this.db) {
    return tx.select().from(cmdbSets).where(eq(cmdbSets.tenantId, tenantId)).orderBy(asc(cmdbSets.id))
  }

  async set(tenantId: string, id: number, tx: Tx = this.db) {
    return (
      await tx
        .select()
        .from(cmdbSets)
        .where(and(eq(cmdbSets.tenantId, tenantId), eq(cmdbSets.id, id)))
    )[0]
  }

  modules(tenantId: string, tx: Tx = this.db) {
    return tx.select().from(cmdbModules).where(eq(cmdbModules.tenantId, tenantId)).orderBy(asc(cmdbModules.id))
  }

  async module(tenantId: string, id: number, tx: Tx = this.db) {
    return (
      await tx
        .select()
        .from(cmdbModules)
        .where(and(eq(cmdbModules.tenantId, tenantId), eq(cmdbModules.id, id)))
    )[0]
  }

  /** Host and online counts per module in one grouped query, so the tree stays cheap with thousands of hosts. */
  moduleCounts(tenantId: string) {
    return this.db
      .select({
        moduleId: cmdbHosts.moduleId,
        hosts: count(),
        online: sql<number>`count(*) filter (where ${cmdbHosts.agentStatus} = 'online')`.mapWith(Number),
      })
      .from(cmdbHosts)
      .where(eq(cmdbHosts.tenantId, tenantId))
      .groupBy(cmdbHosts.moduleId)
  }

  private joined(tx: Tx = this.db) {
    return tx
      .select(hostColumns)
      .from(cmdbHosts)
      .innerJoin(cmdbModules, eq(cmdbModules.id, cmdbHosts.moduleId))
      .innerJoin(cmdbSets, eq(cmdbSets.id, cmdbModules.setId))
      .innerJoin(cmdbBusinesses, eq(cmdbBusinesses.id, cmdbModules.bizId))
  }

  /**
   * `joined()` for the list pages (hosts, COC resources), without the query builder: under load its building
   * and nested row mapping were most of a 100-host page's cost (see db/select-page.ts).
   */
  private joinedPage(where: SQL | undefined, orderBy: SQL[], page: { limit: number; offset?: number }) {
    return selectJoined(this.db, JOINED_FROM, hostColumns, where, orderBy, page)
  }

  private filterOf(tenantId: string, f: HostFilter): SQL {
    const where: (SQL | undefined)[] = [eq(cmdbHosts.tenantId, tenantId)]
    if (f.q) {
      const like = containsPattern(f.q)
      where.push(or(ilike(cmdbHosts.name, like), ilike(cmdbHosts.innerIp, like), ilike(cmdbHosts.outerIp, like)))
    }
    if (f.bizId) where.push(eq(cmdbModules.bizId, f.bizId))
    if (f.setId) where.push(eq(cmdbModules.setId, f.setId))
    if (f.moduleId) where.push(eq(cmdbHosts.moduleId, f.moduleId))
    if (f.status) where.push(eq(cmdbHosts.agentStatus, f.status))
    return and(...where)!
  }

  async searchHosts(tenantId: string, f: HostFilter, page: number, pageSize: number) {
    const where = this.filterOf(tenantId, f)
    const [rows, [{ total }]] = await Promise.all([
      this.joinedPage(where, onlineFirst, { limit: pageSize, offset: (page - 1) * pageSize }),
      this.db
        .select({ total: count() })
        .from(cmdbHosts)
        .innerJoin(cmdbModules, eq(cmdbModules.id, cmdbHosts.moduleId))
        .where(where),
    ])
    return { rows, total }
  }

  /** Ids of every matching host, online first, at most `limit`; with the totals. */
  async matchingIds(tenantId: string, f: HostFilter, limit: number) {
    const where = this.filterOf(tenantId, f)
    const base = () =>
      this.db
        .select({ id: cmdbHosts.id })
        .from(cmdbHosts)
        .innerJoin(cmdbModules, eq(cmdbModules.id, cmdbHosts.moduleId))
    const [rows, [totals]] = await Promise.all([
      base()
        .where(where)
        .orderBy(...onlineFirst)
        .limit(limit),
      this.db
        .select({
          total: count(),
          online: sql<number>`count(*) filter (where ${cmdbHosts.agentStatus} = 'online')`.mapWith(Number),
        })
        .from(cmdbHosts)
        .innerJoin(cmdbModules, eq(cmdbModules.id, cmdbHosts.moduleId))
        .where(where),
    ])
    return { ids: rows.map((r) => r.id), total: totals.total, online: totals.online }
  }

  /** Hosts whose inner IP, outer IP or name (case-insensitive) is one of `entries`, online first. */
  hostsByEntries(tenantId: string, entries: string[], f: HostFilter) {
    const lower = entries.map((e) => e.toLowerCase())
    // resource_id is a uuid column: only uuid-shaped entries can name one (others would fail the cast).
    const uuids = lower.filter((e) => UUID.test(e))
    return this.joined()
      .where(
        and(
          this.filterOf(tenantId, f),
          or(
            inArray(cmdbHosts.innerIp, entries),
            inArray(cmdbHosts.outerIp, entries),
            inArray(sql`lower(${cmdbHosts.name})`, lower),
            ...(uuids.length ? [inArray(cmdbHosts.resourceId, uuids)] : []),
          ),
        ),
      )
      .orderBy(...onlineFirst)
  }

  async hostJoined(tenantId: string, id: number, tx: Tx = this.db) {
    return (await this.joined(tx).where(and(eq(cmdbHosts.tenantId, tenantId), eq(cmdbHosts.id, id))))[0]
  }

  hostsByIds(tenantId: string, ids: number[], tx: Tx = this.db) {
    return this.joined(tx).where(and(eq(cmdbHosts.tenantId, tenantId), inArray(cmdbHosts.id, ids)))
  }

  /** Hosts of a business with one of the given (cloud area, inner IP) pairs. */
  hostsByIps(tenantId: string, bizId: number, ips: { bk_cloud_id: number; ip: string }[]) {
    // An empty IN () is invalid SQL: a pair no host has stands in.
    const pairs = (ips.length ? ips : [{ bk_cloud_id: -1, ip: '' }]).map(
      (i) => sql`(${i.bk_cloud_id}::int, ${i.ip}::text)`,
    )
    return this.joined().where(
      and(
        eq(cmdbHosts.tenantId, tenantId),
        eq(cmdbModules.bizId, bizId),
        sql`(${cmdbHosts.cloudId}, ${cmdbHosts.innerIp}) IN (${sql.join(pairs, sql`, `)})`,
      ),
    )
  }

  /** Rows for COC ListResources: id order after `afterId`, optionally only the given resource ids. */
  resourcesPage(tenantId: string, afterId: number, limit: number, resourceIds?: string[]) {
    const where: SQL[] = [eq(cmdbHosts.tenantId, tenantId), sql`${cmdbHosts.id} > ${afterId}`]
    if (resourceIds?.length) where.push(inArray(sql`${cmdbHosts.resourceId}::text`, resourceIds))
    return this.joinedPage(and(...where), [asc(cmdbHosts.id)], { limit })
  }

  /** Hosts with a connected agent, optionally only those whose resource id or agent_sn is listed (patch scans). */
  onlineAgentHosts(tenantId: string, ids: string[] = []) {
    const where: SQL[] = [
      eq(cmdbHosts.tenantId, tenantId),
      eq(cmdbHosts.agentStatus, 'online'),
      sql`${cmdbHosts.agentSn} IS NOT NULL`,
    ]
    if (ids.length) where.push(or(inArray(sql`${cmdbHosts.resourceId}::text`, ids), inArray(cmdbHosts.agentSn, ids))!)
    return this.joined()
      .where(and(...where))
      .orderBy(asc(cmdbHosts.id))
  }

  /** Hosts by resource id, without the mainline names (ticket targets). */
  hostsByResourceIds(tenantId: string, resourceIds: string[]) {
    return this.db
      .select()
      .from(cmdbHosts)
      .where(and(eq(cmdbHosts.tenantId, tenantId), inArray(cmdbHosts.resourceId, resourceIds)))
  }

  /** The stored agent status of these agent_sns. */
  agentStatuses(agentSns: string[]) {
    return this.db
      .select({ sn: cmdbHosts.agentSn, status: cmdbHosts.agentStatus })
      .from(cmdbHosts)
      .where(inArray(cmdbHosts.agentSn, agentSns))
  }

  async markAgentOffline(hostId: number) {
    await this.db
      .update(cmdbHosts)
      .set({ agentStatus: 'offline', updatedAt: new Date() })
      .where(eq(cmdbHosts.id, hostId))
  }

  async insertHost(tx: Tx, values: typeof cmdbHosts.$inferInsert): Promise<HostRow> {
    const [row] = await tx.insert(cmdbHosts).values(values).returning()
    return row
  }

  async updateHost(tx: Tx, hostId: number, values: Partial<typeof cmdbHosts.$inferInsert>) {
    await tx
      .update(cmdbHosts)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(cmdbHosts.id, hostId))
  }

  async deleteHost(tx: Tx, hostId: number) {
    await tx.delete(cmdbHosts).where(eq(cmdbHosts.id, hostId))
  }

  /** transfer_host_module's write: these hosts into one module. */
  async moveHosts(tx: Tx, hostIds: number[], moduleId: number) {
    await tx.update(cmdbHosts).set({ moduleId, updatedAt: new Date() }).where(inArray(cmdbHosts.id, hostIds))
  }

  async markAgentsSeen(hostIds: number[], at: Date) {
    await this.db.update(cmdbHosts).set({ agentStatus: 'online', lastSeenAt: at }).where(inArray(cmdbHosts.id, hostIds))
  }

  /** ONLINE hosts not seen since `before` turn OFFLINE; returns them. */
  sweepStaleAgents(before: Date) {
    return this.db
      .update(cmdbHosts)
      .set({ agentStatus: 'offline', updatedAt: sql`now()` })
      .where(and(eq(cmdbHosts.agentStatus, 'online'), lt(cmdbHosts.lastSeenAt, before)))
      .returning({ id: cmdbHosts.id, tenantId: cmdbHosts.tenantId, agentSn: cmdbHosts.agentSn })
  }

  /** Where these hosts (by resource id) sit now, with their tags; hosts not in the tenant are left out. */
  placements(tenantId: string, resourceIds: string[]) {
    return this.db
      .select({
        resourceId: cmdbHosts.resourceId,
        tags: cmdbHosts.tags,
        bizName: cmdbBusinesses.name,
        setName: cmdbSets.name,
        moduleName: cmdbModules.name,
      })
      .from(cmdbHosts)
      .innerJoin(cmdbModules, eq(cmdbModules.id, cmdbHosts.moduleId))
      .innerJoin(cmdbSets, eq(cmdbSets.id, cmdbModules.setId))
      .innerJoin(cmdbBusinesses, eq(cmdbBusinesses.id, cmdbModules.bizId))
      .where(and(eq(cmdbHosts.tenantId, tenantId), inArray(sql`${cmdbHosts.resourceId}::text`, resourceIds)))
  }

  /** The tenant's applications (id, name, parent) for full names. */
  appNodes(tenantId: string) {
    return this.db
      .select({ id: cmdbApps.id, name: cmdbApps.name, parentId: cmdbApps.parentId })
      .from(cmdbApps)
      .where(eq(cmdbApps.tenantId, tenantId))
  }
}
