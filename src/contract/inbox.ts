import { z } from 'zod'
import { IdSchema, OkSchema, PageQuerySchema, TimestampSchema } from './common'
import { defineRoute } from './http'
import { InboxPhrasesSchema } from './inbox-text'

/** An in-console notification for one user; other domains add kinds (script review, ticket approval …). */
export const InboxMessageSchema = z.object({
  id: IdSchema,
  /** e.g. `script.review-requested`, `script.approved`, `script.rejected`. */
  kind: z.string(),
  /** English, as composed by the server; the SPA shows `phrases` in the reader's language when present. */
  title: z.string(),
  body: z.string(),
  /** What `title` (and a composed `body`) were made of; null on messages older than the phrase table. */
  phrases: InboxPhrasesSchema.nullable(),
  /** Console-relative link to act on the message, e.g. `/review/<token>`. */
  link: z.string().nullable(),
  read: z.boolean(),
  createdAt: TimestampSchema,
})
export type InboxMessage = z.infer<typeof InboxMessageSchema>

/**
 * The console links inbox messages carry (`InboxMessage.link`), built by the BFF and the mocks alike; the
 * SPA's paths table links to the same pages through these.
 */
export const consoleLinks = {
  review: (token: string) => `/review/${encodeURIComponent(token)}`,
  script: (scriptUuid: string) => `/scripts/${encodeURIComponent(scriptUuid)}`,
  warRoom: (warRoomId: string) => `/war-rooms/${encodeURIComponent(warRoomId)}`,
}

export const InboxQuerySchema = PageQuerySchema.extend({
  unreadOnly: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
})

export const InboxPageSchema = z.object({
  items: z.array(InboxMessageSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Unread messages of the caller, whatever the filter. */
  unread: z.number().int(),
})

export const inboxRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/inbox',
    query: InboxQuerySchema,
    response: InboxPageSchema,
    access: 'authenticated',
    summary: "The caller's inbox, newest first",
  }),
  markRead: defineRoute({
    method: 'POST',
    path: '/api/inbox/:messageId/read',
    params: z.object({ messageId: IdSchema }),
    response: OkSchema,
    access: 'authenticated',
    summary: 'Mark one message read',
  }),
  markAllRead: defineRoute({
    method: 'POST',
    path: '/api/inbox/read-all',
    response: OkSchema,
    access: 'authenticated',
    summary: 'Mark every message read',
  }),
}
