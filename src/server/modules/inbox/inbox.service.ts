import { and, count, desc, eq, isNull, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { deleteOlderThan } from '../../db/purge-batch'
import { inboxMessages } from '../../db/schema'
import { NotFoundError } from '../../lib/errors'
import type { Principal } from '../../lib/principal'

export interface NewInboxMessage {
  tenantId: string
  recipientId: string
  kind: string
  title: string
  body?: string
  link?: string | null
}

type Row = typeof inboxMessages.$inferSelect
const toDto = (r: Row) => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  read: r.readAt !== null,
  createdAt: r.createdAt.toISOString(),
})

/**
 * The in-console inbox. `post` takes the caller's transaction so a message exists exactly when the change
 * that caused it does. Reads and updates are always scoped to the calling user (and so to their tenant).
 */
export class InboxService {
  constructor(private readonly db: Db) {}

  async post(tx: Tx, msg: NewInboxMessage) {
    await tx.insert(inboxMessages).values({ ...msg, body: msg.body ?? '', link: msg.link ?? null })
  }

  /** The caller's messages, newest first, plus their unread count. */
  async list(principal: Principal, q: { page: number; pageSize: number; unreadOnly: boolean }) {
    const mine = and(eq(inboxMessages.recipientId, principal.userId), eq(inboxMessages.tenantId, principal.tenantId))!
    const where: SQL = q.unreadOnly ? and(mine, isNull(inboxMessages.readAt))! : mine
    const [rows, [{ total }], [{ unread }]] = await Promise.all([
      this.db
        .select()
        .from(inboxMessages)
        .where(where)
        .orderBy(desc(inboxMessages.createdAt), desc(inboxMessages.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      this.db.select({ total: count() }).from(inboxMessages).where(where),
      this.db
        .select({ unread: count() })
        .from(inboxMessages)
        .where(and(mine, isNull(inboxMessages.readAt))),
    ])
    return { items: rows.map(toDto), total, page: q.page, pageSize: q.pageSize, unread }
  }

  async markRead(principal: Principal, messageId: string) {
    const rows = await this.db
      .update(inboxMessages)
      .set({ readAt: new Date() })
      .where(and(eq(inboxMessages.id, messageId), eq(inboxMessages.recipientId, principal.userId)))
      .returning({ id: inboxMessages.id })
    if (rows.length === 0) throw new NotFoundError(`Message ${messageId} not found`)
  }

  /** Marks the recipient's unread messages that point at `link` read, in the caller's transaction (acting on it). */
  async markReadByLink(tx: Tx, recipientId: string, link: string) {
    await tx
      .update(inboxMessages)
      .set({ readAt: new Date() })
      .where(
        and(eq(inboxMessages.recipientId, recipientId), eq(inboxMessages.link, link), isNull(inboxMessages.readAt)),
      )
  }

  async markAllRead(principal: Principal) {
    await this.db
      .update(inboxMessages)
      .set({ readAt: new Date() })
      .where(and(eq(inboxMessages.recipientId, principal.userId), isNull(inboxMessages.readAt)))
  }

  /** Retention: one batch of messages older than `days`; returns how many went. */
  purgeBatch(days: number, batchSize: number) {
    return deleteOlderThan(this.db, inboxMessages, inboxMessages.createdAt, days, batchSize)
  }
}
