import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { tenants, users } from './identity'
import { notificationChannels } from './oncall'

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export type DeliveryStatus = 'pending' | 'retrying' | 'sent' | 'skipped' | 'failed'

/**
 * Notifications the job queue sends (review requests over e-mail and chat webhooks), one row per message:
 * its status and last error stay visible after the job is done. `sealedBody` (text and link) is encrypted
 * with the master key because a review link is a credential.
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    kind: text('kind').notNull(),
    channel: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    recipientEmail: text('recipient_email'),
    subject: text('subject').notNull(),
    sealedBody: text('sealed_body').notNull(),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** A user's own channel (paging, tickets); null for review requests over the configured protocol webhooks. */
    channelId: uuid('channel_id').references(() => notificationChannels.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('notification_deliveries_tenant_idx').on(t.tenantId, t.createdAt.desc()),
    index('notification_deliveries_created_idx').on(t.createdAt),
    index('notification_deliveries_channel_idx').on(t.channelId),
    index('notification_deliveries_target_idx').on(t.targetType, t.targetId),
  ],
)
