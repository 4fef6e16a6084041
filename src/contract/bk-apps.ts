import { z } from 'zod'
import { OkSchema, TimestampSchema } from './common'
import { defineRoute } from './http'

/**
 * An app allowed to call the BlueKing job API (`bk_app_code` + `bk_app_secret`). Registered by an admin of a
 * tenant; its calls act in that tenant as the user named by `bk_username`. Only a hash of the secret is kept.
 */
export const BkAppSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  description: z.string(),
  createdBy: z.string(),
  createdAt: TimestampSchema,
  lastUsedAt: TimestampSchema.nullable(),
  revokedAt: TimestampSchema.nullable(),
})
export type BkApp = z.infer<typeof BkAppSchema>
/** Returned once at registration: the secret is never shown again. */
export const CreatedBkAppSchema = BkAppSchema.extend({ secret: z.string() })
export type CreatedBkApp = z.infer<typeof CreatedBkAppSchema>

/** BlueKing app ids: letters, digits, `_` and `-`, starting with a letter (1–32). */
export const BK_APP_CODE = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/
export const CreateBkAppBodySchema = z.object({
  code: z.string().regex(BK_APP_CODE, 'letters, digits, _ or -, starting with a letter, at most 32'),
  description: z.string().max(256).default(''),
})

export const bkAppRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/bk-apps',
    response: z.array(BkAppSchema),
    access: 'admin:manage',
    summary: 'Apps registered for the BlueKing job API',
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/bk-apps',
    body: CreateBkAppBodySchema,
    response: CreatedBkAppSchema,
    status: 201,
    access: 'admin:manage',
    summary: 'Register an app (its secret is shown once)',
  }),
  revoke: defineRoute({
    method: 'DELETE',
    path: '/api/bk-apps/:appId',
    params: z.object({ appId: z.coerce.number().int().min(1) }),
    response: OkSchema,
    access: 'admin:manage',
    summary: 'Revoke an app: its calls are refused from now on',
  }),
}
