import { and, count, desc, eq } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { type DeliveryStatus, notificationDeliveries } from '../../db/schema'
import { deleteOlderThan } from '../../db/purge-batch'

export type DeliveryRow = typeof notificationDeliveries.$inferSelect
export type NewDelivery = Omit<
  typeof notificationDeliveries.$inferInsert,
  'id' | 'status' | 'attempts' | 'lastError' | 'createdAt' | 'updatedAt'
>

/**
 * The `notification_deliveries` records, one per message the job queue sends: the notifier's pages and ticket
 * notices over users' channels, and the scripts module's review requests over the protocol webhooks (which
 * reach this table only through here). The senders decide what a delivery is; this keeps its row.
 */
export class DeliveriesService {
  constructor(private readonly db: Db) {}

  /** A pending delivery, in the caller's transaction (its job is queued in the same one); returns its id. */
  async add(tx: Tx, values: NewDelivery): Promise<string> {
    const [row] = await tx.insert(notificationDeliveries).values(values).returning({ id: notificationDeliveries.id })
    return row.id
  }

  async byId(id: string): Promise<DeliveryRow | undefined> {
    return (await this.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, id)))[0]
  }

  /** Records one attempt's outcome, in the caller's transaction (`lastError` undefined keeps the previous one). */
  async settle(tx: Tx, id: string, outcome: { status: DeliveryStatus; attempts: number; lastError?: string | null }) {
    await tx
      .update(notificationDeliveries)
      .set({ ...outcome, updatedAt: new Date() })
      .where(eq(notificationDeliveries.id, id))
  }

  /** The tenant's deliveries, newest first (the admin view of what was sent, is retried, or failed). */
  async list(tenantId: string, q: { page: number; pageSize: number; status?: DeliveryStatus }) {
    const where = and(
      eq(notificationDeliveries.tenantId, tenantId),
      q.status ? eq(notificationDeliveries.status, q.status) : undefined,
    )
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select()
        .from(notificationDeliveries)
        .where(where)
        .orderBy(desc(notificationDeliveries.createdAt), desc(notificationDeliveries.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      this.db.select({ total: count() }).from(notificationDeliveries).where(where),
    ])
    return { rows, total }
  }

  /** Deliveries about one target (an incident's pages), newest first. */
  async forTarget(tenantId: string, targetType: string, targetId: string) {
    return this.db
      .select()
      .from(notificationDeliveries)
      .where(
        and(
          eq(notificationDeliveries.tenantId, tenantId),
          eq(notificationDeliveries.targetType, targetType),
          eq(notificationDeliveries.targetId, targetId),
        ),
      )
      .orderBy(desc(notificationDeliveries.createdAt))
      .limit(200)
  }

  /** Retention: one batch of delivery records older than `days`; returns how many went. */
  purgeBatch(days: number, batchSize: number) {
    return deleteOlderThan(this.db, notificationDeliveries, notificationDeliveries.createdAt, days, batchSize)
  }
}
