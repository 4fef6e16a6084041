import { z } from 'zod'
import { IdSchema, PageQuerySchema, TimestampSchema } from './common'
import { defineRoute, pageOf } from './http'

/** Where a queued notification stands: `retrying` after a failed attempt, `failed` once attempts ran out. */
export const DeliveryStatusSchema = z.enum(['pending', 'retrying', 'sent', 'skipped', 'failed'])

/** One notification sent by the job queue (a review request over e-mail or a chat webhook). Never its link. */
export const NotificationDeliverySchema = z.object({
  id: IdSchema,
  /** e.g. `script.review-requested`. */
  kind: z.string(),
  /** The script's review protocol: EMAIL, DING_TALK, WE_LINK, WECHAT, SMS, CALLNOTIFY. */
  channel: z.string(),
  recipient: z.string(),
  subject: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  status: DeliveryStatusSchema,
  attempts: z.number().int(),
  /** Why the last attempt failed or was skipped (e.g. `webhook answered HTTP 500`). */
  lastError: z.string().nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
})
export type NotificationDelivery = z.infer<typeof NotificationDeliverySchema>

export const DeliveryQuerySchema = PageQuerySchema.extend({ status: DeliveryStatusSchema.optional() })

export const notificationRoutes = {
  listDeliveries: defineRoute({
    method: 'GET',
    path: '/api/notification-deliveries',
    query: DeliveryQuerySchema,
    response: pageOf(NotificationDeliverySchema),
    access: 'audit:read',
    summary: "Notifications sent by the job queue in the caller's tenant, newest first (failures stay visible)",
  }),
}
