import { z } from 'zod'
import { IdSchema, OkSchema, TimestampSchema } from './common'
import { defineRoute } from './http'

/**
 * Kinds of a user's own notification channel. `email` sends over SMTP; the chat kinds post their robot's text
 * message shape; `generic` posts JSON with an `X-Signature-256: sha256=<hex HMAC-SHA256 of the body>` header.
 */
export const ChannelKindSchema = z.enum(['email', 'dingtalk', 'welink', 'wecom', 'lark', 'slack', 'generic'])
export type ChannelKind = z.infer<typeof ChannelKindSchema>
/** `high`: P1/P2 pages; `low`: other pages, tickets and reviews. The console inbox always gets both. */
export const UrgencySchema = z.enum(['high', 'low'])
export type Urgency = z.infer<typeof UrgencySchema>

export const ChannelBodySchema = z
  .object({
    kind: ChannelKindSchema,
    name: z.string().trim().min(1).max(100),
    /** E-mail address (`email`) or webhook URL (http/https). Never returned in full. */
    target: z.string().trim().min(3).max(1000),
    /** HMAC secret of `generic` (and DingTalk's signing secret); kept when omitted on update. */
    secret: z.string().max(200).optional(),
    urgencies: z.array(UrgencySchema).max(2).default(['high', 'low']),
    enabled: z.boolean().default(true),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'email' ? !/^[^\s@]+@[^\s@]+$/.test(b.target) : !/^https?:\/\/\S+$/.test(b.target))
      ctx.addIssue({
        code: 'custom',
        path: ['target'],
        message: b.kind === 'email' ? 'not an e-mail address' : 'not an http(s) URL',
      })
  })
export type ChannelBody = z.input<typeof ChannelBodySchema>
/** A channel body after defaults. */
export type ChannelValues = z.infer<typeof ChannelBodySchema>

export const ChannelSchema = z.object({
  id: IdSchema,
  kind: ChannelKindSchema,
  name: z.string(),
  /** The target with its secret parts hidden (`ops@…`, `https://oapi.dingtalk.com/…`). */
  targetHint: z.string(),
  hasSecret: z.boolean(),
  urgencies: z.array(UrgencySchema),
  enabled: z.boolean(),
  createdAt: TimestampSchema,
})
export type Channel = z.infer<typeof ChannelSchema>

export const TestResultSchema = z.object({
  status: z.enum(['sent', 'skipped', 'failed']),
  reason: z.string().nullable(),
})

const params = z.object({ channelId: IdSchema })

export const channelRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/notification-channels',
    response: z.array(ChannelSchema),
    access: 'authenticated',
    summary: "The caller's own notification channels",
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/notification-channels',
    body: ChannelBodySchema,
    response: ChannelSchema,
    status: 201,
    access: 'authenticated',
    summary: 'Add a notification channel for yourself',
  }),
  update: defineRoute({
    method: 'PUT',
    path: '/api/notification-channels/:channelId',
    params,
    body: ChannelBodySchema,
    response: ChannelSchema,
    access: 'authenticated',
    summary: 'Change one of your channels',
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/notification-channels/:channelId',
    params,
    response: OkSchema,
    access: 'authenticated',
    summary: 'Remove one of your channels',
  }),
  test: defineRoute({
    method: 'POST',
    path: '/api/notification-channels/:channelId/test',
    params,
    response: TestResultSchema,
    access: 'authenticated',
    summary: 'Send a test message over one of your channels now, and say how it went',
  }),
}
