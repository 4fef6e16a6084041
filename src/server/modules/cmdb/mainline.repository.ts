import { eq, inArray } from 'drizzle-orm'
import type { Tx } from '../../db/client'
import { cmdbBusinesses, cmdbHosts, cmdbModules, cmdbSets } from '../../db/schema'
import type { BusinessRow, ModuleRow, SetRow } from './cmdb.repository'
import { insertBusinessTree } from './mainline'

type NewSet = typeof cmdbSets.$inferInsert
type NewModule = typeof cmdbModules.$inferInsert

/**
 * Writes of the mainline topology (businesses, sets, modules), always in the caller's transaction; reads of
 * single nodes are CmdbRepository's. The mainline service owns BlueKing's rules.
 */
export class MainlineRepository {
  /** A business with its built-in set and idle/fault modules. */
  insertBusinessTree(tx: Tx, tenantId: string, values: { name: string; maintainer?: string }) {
    return insertBusinessTree(tx, tenantId, values)
  }

  async updateBusiness(tx: Tx, id: number, values: Partial<BusinessRow>): Promise<BusinessRow> {
    const [row] = await tx
      .update(cmdbBusinesses)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(cmdbBusinesses.id, id))
      .returning()
    return row
  }

  async deleteBusiness(tx: Tx, id: number) {
    await tx.delete(cmdbBusinesses).where(eq(cmdbBusinesses.id, id))
  }

  async insertSet(tx: Tx, values: NewSet): Promise<SetRow> {
    const [row] = await tx.insert(cmdbSets).values(values).returning()
    return row
  }

  async updateSet(tx: Tx, id: number, values: Partial<NewSet>): Promise<SetRow> {
    const [row] = await tx.update(cmdbSets).set(values).where(eq(cmdbSets.id, id)).returning()
    return row
  }

  async deleteSet(tx: Tx, id: number) {
    await tx.delete(cmdbSets).where(eq(cmdbSets.id, id))
  }

  async insertModule(tx: Tx, values: NewModule): Promise<ModuleRow> {
    const [row] = await tx.insert(cmdbModules).values(values).returning()
    return row
  }

  async renameModule(tx: Tx, id: number, name: string): Promise<ModuleRow> {
    const [row] = await tx.update(cmdbModules).set({ name }).where(eq(cmdbModules.id, id)).returning()
    return row
  }

  async deleteModule(tx: Tx, id: number) {
    await tx.delete(cmdbModules).where(eq(cmdbModules.id, id))
  }

  /** Whether any host sits in the modules of this business, set or module. */
  async holdsHosts(tx: Tx, where: { bizId: number } | { setId: number } | { moduleId: number }) {
    const moduleIds =
      'moduleId' in where
        ? [where.moduleId]
        : (
            await tx
              .select({ id: cmdbModules.id })
              .from(cmdbModules)
              .where('bizId' in where ? eq(cmdbModules.bizId, where.bizId) : eq(cmdbModules.setId, where.setId))
          ).map((m) => m.id)
    if (!moduleIds.length) return false
    const hosts = await tx
      .select({ id: cmdbHosts.id })
      .from(cmdbHosts)
      .where(inArray(cmdbHosts.moduleId, moduleIds))
      .limit(1)
    return hosts.length > 0
  }
}
