import { and, asc, eq, ilike, inArray, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { cmdbBusinesses, cmdbCustomQueries, cmdbHosts, cmdbModules, cmdbSets } from '../../db/schema'
import { containsPattern } from '../../lib/like'

/** Saved host queries (cmdb_custom_queries) and the business hosts they are evaluated against. */
export class CustomQueriesRepository {
  constructor(private readonly db: Db) {}

  list(tenantId: string, f: { bizId?: number; name?: string; ids?: number[] }) {
    const where: SQL[] = [eq(cmdbCustomQueries.tenantId, tenantId)]
    if (f.bizId) where.push(eq(cmdbCustomQueries.bizId, f.bizId))
    if (f.name) where.push(ilike(cmdbCustomQueries.name, containsPattern(f.name)))
    if (f.ids) where.push(inArray(cmdbCustomQueries.id, f.ids.length ? f.ids : [-1]))
    return this.db
      .select()
      .from(cmdbCustomQueries)
      .where(and(...where))
      .orderBy(asc(cmdbCustomQueries.id))
  }

  async byId(tenantId: string, id: number, tx: Tx = this.db) {
    return (
      await tx
        .select()
        .from(cmdbCustomQueries)
        .where(and(eq(cmdbCustomQueries.tenantId, tenantId), eq(cmdbCustomQueries.id, id)))
    )[0]
  }

  async insert(tx: Tx, values: typeof cmdbCustomQueries.$inferInsert) {
    return (await tx.insert(cmdbCustomQueries).values(values).onConflictDoNothing().returning())[0]
  }

  async update(tx: Tx, tenantId: string, id: number, values: Partial<typeof cmdbCustomQueries.$inferInsert>) {
    return (
      await tx
        .update(cmdbCustomQueries)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(cmdbCustomQueries.tenantId, tenantId), eq(cmdbCustomQueries.id, id)))
        .returning()
    )[0]
  }

  async remove(tx: Tx, tenantId: string, id: number) {
    return (
      await tx
        .delete(cmdbCustomQueries)
        .where(and(eq(cmdbCustomQueries.tenantId, tenantId), eq(cmdbCustomQueries.id, id)))
        .returning()
    )[0]
  }

  /** Every host of a business with its module, set and business (what a query's conditions test). */
  hostsOfBusiness(tenantId: string, bizId: number) {
    return this.db
      .select({
        host: cmdbHosts,
        biz: {
          id: cmdbBusinesses.id,
          name: cmdbBusinesses.name,
          maintainer: cmdbBusinesses.maintainer,
          isDefault: cmdbBusinesses.isDefault,
        },
        set: { id: cmdbSets.id, name: cmdbSets.name },
        module: { id: cmdbModules.id, name: cmdbModules.name, kind: cmdbModules.kind },
      })
      .from(cmdbHosts)
      .innerJoin(cmdbModules, eq(cmdbModules.id, cmdbHosts.moduleId))
      .innerJoin(cmdbSets, eq(cmdbSets.id, cmdbModules.setId))
      .innerJoin(cmdbBusinesses, eq(cmdbBusinesses.id, cmdbModules.bizId))
      .where(and(eq(cmdbHosts.tenantId, tenantId), eq(cmdbModules.bizId, bizId)))
      .orderBy(asc(cmdbHosts.id))
  }
}
