import { sql } from 'drizzle-orm'
import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import type { InboxPhrases } from '../../../contract/inbox-text'
import { ts } from '../columns'
import { tenants, users } from './identity'

/** In-console notifications, one row per recipient; any domain may post kinds of its own. */
export const inboxMessages = pgTable(
  'inbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    link: text('link'),
    /** The phrase key and parameters `title`/`body` were composed from; null on rows older than 0028. */
    phrases: jsonb('phrases').$type<InboxPhrases>(),
    readAt: ts('read_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('inbox_recipient_idx').on(t.recipientId, t.createdAt),
    index('inbox_recipient_tenant_idx').on(t.recipientId, t.tenantId, t.createdAt.desc()),
    index('inbox_unread_idx').on(t.recipientId, t.tenantId).where(sql`read_at IS NULL`),
    index('inbox_created_idx').on(t.createdAt),
  ],
)
