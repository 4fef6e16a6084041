import { z } from 'zod'
import { defineRoute } from './http'

/**
 * IAM "obtain a user token" body, as in seed 001 §3.1/3.2. Only the password method is supported.
 * `domain.name` is the account (the console's IAM domain, `default` out of the box); `scope.project.name`
 * picks the enterprise project (tenant). The user may also be given by `id` instead of name+domain.
 */
export const IamTokenBodySchema = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.literal('password')).min(1),
      password: z.object({
        user: z
          .object({
            name: z.string().min(1).max(64).optional(),
            id: z.string().max(64).optional(),
            password: z.string().min(1).max(128),
            domain: z
              .object({ name: z.string().min(1).max(64).optional(), id: z.string().max(64).optional() })
              .optional(),
          })
          .refine((u) => u.name !== undefined || u.id !== undefined, { message: 'user.name or user.id is required' }),
      }),
    }),
    scope: z
      .object({
        project: z.object({ name: z.string().max(64).optional(), id: z.string().max(64).optional() }).optional(),
        domain: z.object({ name: z.string().max(64).optional(), id: z.string().max(64).optional() }).optional(),
      })
      .optional(),
  }),
})
export type IamTokenBody = z.infer<typeof IamTokenBodySchema>

const NamedSchema = z.object({ id: z.string(), name: z.string() })

/** IAM's time format in token bodies: ISO-8601 UTC with microseconds, e.g. `2019-02-13T06:52:13.855000Z`. */
export function iamTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
}

/** One service of the token's catalog: where its API is (Keystone `catalog[]`, seed 001 §3.1 response). */
export const IamCatalogEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  endpoints: z.array(
    z.object({
      id: z.string(),
      interface: z.string(),
      region: z.string(),
      region_id: z.string(),
      url: z.string(),
    }),
  ),
})

/** Keystone-style token description returned with the `X-Subject-Token` header. */
export const IamTokenResponseSchema = z.object({
  token: z.object({
    methods: z.array(z.string()),
    /** `iamTime` format, like the seed's example. */
    expires_at: z.string(),
    issued_at: z.string(),
    /** The COC endpoint this token is for. */
    catalog: z.array(IamCatalogEntrySchema),
    user: NamedSchema.extend({ domain: NamedSchema }),
    project: NamedSchema.extend({ domain: NamedSchema }),
    roles: z.array(NamedSchema),
  }),
})

export const iamRoutes = {
  createToken: defineRoute({
    method: 'POST',
    path: '/v3/auth/tokens',
    body: IamTokenBodySchema,
    response: IamTokenResponseSchema,
    status: 201,
    access: 'public',
    summary: 'Obtain a user token (IAM password method); the token is in the X-Subject-Token header, valid 24 h',
  }),
}
