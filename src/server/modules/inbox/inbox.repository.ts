import { and, count, desc, eq, isNull, type SQL } from 'drizzle-orm'
import { selectPage } from '../../db/select-page'
import type { Db, Tx } from '../../db/client'
import { deleteOlderThan } from '../../db/purge-batch'
import { inboxMessages } from '../../db/schema'

export type InboxRow = typeof inboxMessages.$inferSelect
export type NewInboxRow = typeof inboxMessages.$inferInsert
/** Whose messages: always one recipient within their tenant. */
export type Mailbox = { recipientId: string; tenantId: string }

/** Queries of inbox_messages; the service owns who may read what. */
export class InboxRepository {
  constructor(private readonly db: Db) {}

  async insert(tx: Tx, values: NewInboxRow) {
    await tx.insert(inboxMessages).values(values)
  }

  /** One page of a mailbox (newest first), its total under the filter and its unread count. */
  async page(box: Mailbox, q: { limit: number; offset: number; unreadOnly: boolean }) {
    const mine = and(eq(inboxMessages.recipientId, box.recipientId), eq(inboxMessages.tenantId, box.tenantId))!
    const unread = and(mine, isNull(inboxMessages.readAt))!
    const where: SQL = q.unreadOnly ? unread : mine
    const [{ rows, total }, [{ unread: unreadCount }]] = await Promise.all([
      selectPage(this.db, inboxMessages, where, [desc(inboxMessages.createdAt), desc(inboxMessages.id)], q),
      this.db.select({ unread: count() }).from(inboxMessages).where(unread),
    ])
    return { rows, total, unread: unreadCount }
  }

  /** Marks one of the recipient's messages read; false when they have no such message. */
  async markRead(recipientId: string, messageId: string) {
    const rows = await this.db
      .update(inboxMessages)
      .set({ readAt: new Date() })
      .where(and(eq(inboxMessages.id, messageId), eq(inboxMessages.recipientId, recipientId)))
      .returning({ id: inboxMessages.id })
    return rows.length > 0
  }

  async markReadByLink(tx: Tx, recipientId: string, link: string) {
    await tx
      .update(inboxMessages)
      .set({ readAt: new Date() })
      .where(
        and(eq(inboxMessages.recipientId, recipientId), eq(inboxMessages.link, link), isNull(inboxMessages.readAt)),
      )
  }

  async markAllRead(recipientId: string) {
    await this.db
      .update(inboxMessages)
      .set({ readAt: new Date() })
      .where(and(eq(inboxMessages.recipientId, recipientId), isNull(inboxMessages.readAt)))
  }

  purgeBatch(days: number, batchSize: number) {
    return deleteOlderThan(this.db, inboxMessages, inboxMessages.createdAt, days, batchSize)
  }
}
