import { and, asc, eq } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { cmdbAppDeps, cmdbApps } from '../../db/schema'

export type AppRow = typeof cmdbApps.$inferSelect
export type NewApp = typeof cmdbApps.$inferInsert
export type AppDepRow = typeof cmdbAppDeps.$inferSelect

/** Queries of cmdb_apps and cmdb_app_deps; the apps service owns the tree and cycle rules. */
export class AppsRepository {
  constructor(private readonly db: Db) {}

  /** A tenant's applications (by id) and all their "requires" edges: the rules look at the whole graph. */
  async graph(tenantId: string, tx: Tx = this.db): Promise<{ apps: AppRow[]; edges: AppDepRow[] }> {
    const [apps, edges] = await Promise.all([
      tx.select().from(cmdbApps).where(eq(cmdbApps.tenantId, tenantId)).orderBy(asc(cmdbApps.id)),
      tx.select().from(cmdbAppDeps).where(eq(cmdbAppDeps.tenantId, tenantId)),
    ])
    return { apps, edges }
  }

  async insert(tx: Tx, values: NewApp): Promise<AppRow> {
    const [row] = await tx.insert(cmdbApps).values(values).returning()
    return row
  }

  async update(tx: Tx, id: number, values: Partial<NewApp>) {
    await tx.update(cmdbApps).set(values).where(eq(cmdbApps.id, id))
  }

  async delete(tx: Tx, id: number) {
    await tx.delete(cmdbApps).where(eq(cmdbApps.id, id))
  }

  async addDependency(tx: Tx, tenantId: string, appId: number, requiredAppId: number) {
    await tx.insert(cmdbAppDeps).values({ tenantId, appId, requiredAppId })
  }

  /** Removes the edge; false when there was none. */
  async removeDependency(tx: Tx, tenantId: string, appId: number, requiredAppId: number) {
    const gone = await tx
      .delete(cmdbAppDeps)
      .where(
        and(
          eq(cmdbAppDeps.tenantId, tenantId),
          eq(cmdbAppDeps.appId, appId),
          eq(cmdbAppDeps.requiredAppId, requiredAppId),
        ),
      )
      .returning()
    return gone.length > 0
  }
}
