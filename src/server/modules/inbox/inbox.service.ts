import type { InboxPhrases } from '../../../contract/inbox-text'
import type { Tx } from '../../db/client'
import { NotFoundError } from '../../lib/errors'
import type { Principal } from '../../lib/principal'
import type { InboxRepository, InboxRow } from './inbox.repository'
import type { LiveEvents } from '../live/live-events'
import { refusal } from '../../../contract/refusal-text'

export interface NewInboxMessage {
  tenantId: string
  recipientId: string
  kind: string
  title: string
  body?: string
  link?: string | null
  /** What the title (and body, when it has a phrase) are made of, for readers of other languages. */
  phrases?: InboxPhrases
}

const toDto = (r: InboxRow) => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  phrases: r.phrases,
  read: r.readAt !== null,
  createdAt: r.createdAt.toISOString(),
})

/**
 * The in-console inbox. `post` takes the caller's transaction so a message exists exactly when the change
 * that caused it does. Reads and updates are always scoped to the calling user (and so to their tenant).
 */
export class InboxService {
  constructor(
    private readonly repo: InboxRepository,
    /** Tells the recipient's open consoles (on any replica) with the same commit; their bell refetches. */
    private readonly live?: Pick<LiveEvents, 'inboxPosted'>,
  ) {}

  async post(tx: Tx, msg: NewInboxMessage) {
    await this.repo.insert(tx, { ...msg, body: msg.body ?? '', link: msg.link ?? null, phrases: msg.phrases ?? null })
    await this.live?.inboxPosted(tx, msg.tenantId, msg.recipientId)
  }

  /** The caller's messages, newest first, plus their unread count. */
  async list(principal: Principal, q: { page: number; pageSize: number; unreadOnly: boolean }) {
    const { rows, total, unread } = await this.repo.page(
      { recipientId: principal.userId, tenantId: principal.tenantId },
      { limit: q.pageSize, offset: (q.page - 1) * q.pageSize, unreadOnly: q.unreadOnly },
    )
    return { items: rows.map(toDto), total, page: q.page, pageSize: q.pageSize, unread }
  }

  async markRead(principal: Principal, messageId: string) {
    if (!(await this.repo.markRead(principal.userId, messageId)))
      throw new NotFoundError(refusal('inbox.not-found', { id: messageId }))
  }

  /** Marks the recipient's unread messages that point at `link` read, in the caller's transaction (acting on it). */
  async markReadByLink(tx: Tx, recipientId: string, link: string) {
    await this.repo.markReadByLink(tx, recipientId, link)
  }

  async markAllRead(principal: Principal) {
    await this.repo.markAllRead(principal.userId)
  }

  /** Retention: one batch of messages older than `days`; returns how many went. */
  purgeBatch(days: number, batchSize: number) {
    return this.repo.purgeBatch(days, batchSize)
  }
}
