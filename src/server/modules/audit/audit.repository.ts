import { and, desc, eq, isNull, type SQL } from 'drizzle-orm'
import { selectPage } from '../../db/select-page'
import type { Db, Tx } from '../../db/client'
import { insertJson } from '../../db/insert-json'
import { deleteOlderThan } from '../../db/purge-batch'
import { auditLog } from '../../db/schema'

export type AuditRow = typeof auditLog.$inferSelect
export type NewAuditRow = typeof auditLog.$inferInsert

/** Queries of audit_log; the service owns redaction and who sees which log. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Several entries in one INSERT, in the caller's transaction. */
  async insertMany(tx: Tx, rows: NewAuditRow[]) {
    if (rows.length) await tx.execute(insertJson(auditLog, rows))
  }

  /** One page (newest first) of a tenant's log, or of the platform log (`tenantId` null), and its total. */
  async page(tenantId: string | null, f: { action?: string; actor?: string; limit: number; offset: number }) {
    const where: SQL[] = [tenantId === null ? isNull(auditLog.tenantId) : eq(auditLog.tenantId, tenantId)]
    if (f.action) where.push(eq(auditLog.action, f.action))
    if (f.actor) where.push(eq(auditLog.actorName, f.actor))
    return selectPage(this.db, auditLog, and(...where), [desc(auditLog.at)], f)
  }

  purgeBatch(days: number, batchSize: number) {
    return deleteOlderThan(this.db, auditLog, auditLog.at, days, batchSize)
  }
}
