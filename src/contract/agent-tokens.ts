import { z } from 'zod'
import { IdSchema, OkSchema, TimestampSchema } from './common'
import { defineRoute } from './http'

/** An enrollment token: agents present it to join the tenant's fleet. Only its hash is stored. */
export const AgentTokenSchema = z.object({
  id: IdSchema,
  description: z.string(),
  createdBy: z.string(),
  createdAt: TimestampSchema,
  expiresAt: TimestampSchema.nullable(),
  revokedAt: TimestampSchema.nullable(),
  lastUsedAt: TimestampSchema.nullable(),
})
export type AgentToken = z.infer<typeof AgentTokenSchema>
/** Returned once at creation: the token itself is never shown again. */
export const CreatedAgentTokenSchema = AgentTokenSchema.extend({ token: z.string() })
export const CreateAgentTokenBodySchema = z.object({
  description: z.string().regex(/\S/, 'must not be blank').max(128),
  /** Omit for a token that never expires. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
})

export const agentTokenRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/agent-tokens',
    response: z.array(AgentTokenSchema),
    access: 'admin:manage',
    summary: 'Agent enrollment tokens of the tenant',
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/agent-tokens',
    body: CreateAgentTokenBodySchema,
    response: CreatedAgentTokenSchema,
    status: 201,
    access: 'admin:manage',
    summary: 'Create an enrollment token (shown once)',
  }),
  revoke: defineRoute({
    method: 'DELETE',
    path: '/api/agent-tokens/:tokenId',
    params: z.object({ tokenId: IdSchema }),
    response: OkSchema,
    access: 'admin:manage',
    summary: 'Revoke a token: no further enrollments with it (enrolled agents keep their own credentials)',
  }),
}
