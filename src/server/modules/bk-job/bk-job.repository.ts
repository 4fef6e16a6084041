import { and, desc, eq, isNull } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { bkApps, bkJobInstances } from '../../db/schema'

/** The job API's own tables: registered apps and the tickets started through the API (with their callbacks). */
export class BkJobRepository {
  constructor(private readonly db: Db) {}

  listApps(tenantId: string) {
    return this.db.select().from(bkApps).where(eq(bkApps.tenantId, tenantId)).orderBy(desc(bkApps.id))
  }

  async appByCode(code: string, tx: Tx = this.db) {
    return (await tx.select().from(bkApps).where(eq(bkApps.code, code)))[0]
  }

  async insertApp(tx: Tx, values: typeof bkApps.$inferInsert) {
    return (await tx.insert(bkApps).values(values).returning())[0]!
  }

  async revokeApp(tx: Tx, tenantId: string, id: number, by: string) {
    return (
      await tx
        .update(bkApps)
        .set({ revokedAt: new Date(), revokedBy: by })
        .where(and(eq(bkApps.tenantId, tenantId), eq(bkApps.id, id), isNull(bkApps.revokedAt)))
        .returning()
    )[0]
  }

  async touchApp(id: number) {
    await this.db.update(bkApps).set({ lastUsedAt: new Date() }).where(eq(bkApps.id, id))
  }

  async insertInstance(tx: Tx, values: typeof bkJobInstances.$inferInsert) {
    await tx.insert(bkJobInstances).values(values)
  }

  async instance(orderId: number, tx: Tx = this.db) {
    return (await tx.select().from(bkJobInstances).where(eq(bkJobInstances.orderId, orderId)))[0]
  }

  async setCallback(orderId: number, status: string, error = '', tx: Tx = this.db) {
    await tx
      .update(bkJobInstances)
      .set({ callbackStatus: status, callbackError: error.slice(0, 500) })
      .where(eq(bkJobInstances.orderId, orderId))
  }
}
