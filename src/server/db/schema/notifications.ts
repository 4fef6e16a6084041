import { sql } from 'drizzle-orm'
import { boolean, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { ts } from '../columns'
import { tenants, users } from './identity'

export type ChannelKind = 'email' | 'dingtalk' | 'welink' | 'wecom' | 'lark' | 'slack' | 'generic'
export type DeliveryStatus = 'pending' | 'retrying' | 'sent' | 'skipped' | 'failed'

/** A user's own channel (e-mail or a chat webhook) and the urgencies it takes. */
export const notificationChannels = pgTable(
  'notification_channels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<ChannelKind>().notNull(),
    name: text('name').notNull(),
    sealedTarget: text('sealed_target').notNull(),
    sealedSecret: text('sealed_secret'),
    urgencies: text('urgencies').array().notNull().default(sql`'{high,low}'::text[]`),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('notification_channels_user_idx').on(t.userId)],
)

/** Who is told when a ticket pauses, finishes or goes ABNORMAL (besides its creator). */
export const ticketSubscriptions = pgTable(
  'ticket_subscriptions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    orderUuid: text('order_uuid').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orderUuid, t.userId] }), index('ticket_subscriptions_user_idx').on(t.userId)],
)

/**
 * Notifications the job queue sends (review requests over the protocol webhooks, pages and ticket notices over
 * users' channels), one row per message: its status and last error stay visible after the job is done.
 * `sealedBody` (text and link) is encrypted with the master key because a review link is a credential.
 * Owned by the notifications module; the scripts module's review deliveries go through DeliveriesService.
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
