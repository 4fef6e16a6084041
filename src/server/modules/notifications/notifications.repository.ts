import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Urgency } from '../../../contract/notification-channels'
import { selectPage } from '../../db/select-page'
import type { Db, Tx } from '../../db/client'
import { deleteOlderThan } from '../../db/purge-batch'
import { type DeliveryStatus, notificationChannels, notificationDeliveries, ticketSubscriptions } from '../../db/schema'

export type ChannelRow = typeof notificationChannels.$inferSelect
/** What a channel's owner sets (the tenant and user are the owner's). */
export type ChannelValues = Omit<typeof notificationChannels.$inferInsert, 'id' | 'tenantId' | 'userId' | 'createdAt'>
export type DeliveryRow = typeof notificationDeliveries.$inferSelect
export type NewDelivery = Omit<
  typeof notificationDeliveries.$inferInsert,
  'id' | 'status' | 'attempts' | 'lastError' | 'createdAt' | 'updatedAt'
>

/**
 * Queries of the notifications module's tables: notification_channels, notification_deliveries and
 * ticket_subscriptions. The services own who may see or change what, sealing, and sending.
 */
export class NotificationsRepository {
  constructor(private readonly db: Db) {}

  // ---- channels ----

  channelsOf(userId: string) {
    return this.db
      .select()
      .from(notificationChannels)
      .where(eq(notificationChannels.userId, userId))
      .orderBy(notificationChannels.createdAt)
  }

  /** One channel of this user. */
  async ownChannel(userId: string, id: string, tx: Tx = this.db): Promise<ChannelRow | undefined> {
    const [row] = await tx
      .select()
      .from(notificationChannels)
      .where(and(eq(notificationChannels.id, id), eq(notificationChannels.userId, userId)))
    return row
  }

  async channelById(id: string): Promise<ChannelRow | undefined> {
    const [row] = await this.db.select().from(notificationChannels).where(eq(notificationChannels.id, id))
    return row
  }

  async insertChannel(tx: Tx, owner: { tenantId: string; userId: string }, values: ChannelValues) {
    const [row] = await tx
      .insert(notificationChannels)
      .values({ ...owner, ...values })
      .returning()
    return row
  }

  async updateChannel(tx: Tx, id: string, values: ChannelValues) {
    const [row] = await tx.update(notificationChannels).set(values).where(eq(notificationChannels.id, id)).returning()
    return row
  }

  async deleteChannel(tx: Tx, id: string) {
    await tx.delete(notificationChannels).where(eq(notificationChannels.id, id))
  }

  /** The enabled channels of these users that take this urgency. */
  enabledChannelsFor(tx: Tx, userIds: string[], urgency: Urgency) {
    return tx
      .select()
      .from(notificationChannels)
      .where(
        and(
          inArray(notificationChannels.userId, userIds),
          eq(notificationChannels.enabled, true),
          sql`${urgency} = ANY(${notificationChannels.urgencies})`,
        ),
      )
  }

  // ---- deliveries ----

  /** A pending delivery; returns its id. */
  async insertDelivery(tx: Tx, values: NewDelivery): Promise<string> {
    const [row] = await tx.insert(notificationDeliveries).values(values).returning({ id: notificationDeliveries.id })
    return row.id
  }

  async deliveryById(id: string): Promise<DeliveryRow | undefined> {
    return (await this.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, id)))[0]
  }

  async settleDelivery(
    tx: Tx,
    id: string,
    outcome: { status: DeliveryStatus; attempts: number; lastError?: string | null },
  ) {
    await tx
      .update(notificationDeliveries)
      .set({ ...outcome, updatedAt: new Date() })
      .where(eq(notificationDeliveries.id, id))
  }

  /** One page of the tenant's deliveries (newest first) and the total under the filter. */
  async deliveriesPage(tenantId: string, q: { page: number; pageSize: number; status?: DeliveryStatus }) {
    const where = and(
      eq(notificationDeliveries.tenantId, tenantId),
      q.status ? eq(notificationDeliveries.status, q.status) : undefined,
    )
    return selectPage(
      this.db,
      notificationDeliveries,
      where,
      [desc(notificationDeliveries.createdAt), desc(notificationDeliveries.id)],
      { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
    )
  }

  /** Deliveries about one target, newest first, at most 200. */
  deliveriesForTarget(tenantId: string, targetType: string, targetId: string) {
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

  purgeDeliveries(days: number, batchSize: number) {
    return deleteOlderThan(this.db, notificationDeliveries, notificationDeliveries.createdAt, days, batchSize)
  }

  // ---- ticket subscriptions ----

  async isSubscribed(orderUuid: string, userId: string): Promise<boolean> {
    const [row] = await this.db
      .select()
      .from(ticketSubscriptions)
      .where(and(eq(ticketSubscriptions.orderUuid, orderUuid), eq(ticketSubscriptions.userId, userId)))
    return !!row
  }

  async subscribe(values: { tenantId: string; orderUuid: string; userId: string }) {
    await this.db.insert(ticketSubscriptions).values(values).onConflictDoNothing()
  }

  async unsubscribe(orderUuid: string, userId: string) {
    await this.db
      .delete(ticketSubscriptions)
      .where(and(eq(ticketSubscriptions.orderUuid, orderUuid), eq(ticketSubscriptions.userId, userId)))
  }

  async subscriberIds(orderUuid: string): Promise<string[]> {
    const rows = await this.db
      .select({ userId: ticketSubscriptions.userId })
      .from(ticketSubscriptions)
      .where(eq(ticketSubscriptions.orderUuid, orderUuid))
    return rows.map((r) => r.userId)
  }
}
