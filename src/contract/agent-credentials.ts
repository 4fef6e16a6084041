import { z } from 'zod'
import { AgentSnSchema } from './agents'
import { TimestampSchema } from './common'
import { defineRoute } from './http'

/**
 * The credential of one agent: minted when it enrolled (its secret is never shown again, only its hash is
 * stored). A revoked agent is disconnected and refused, with its own secret and with any enrollment token.
 */
export const AgentCredentialSchema = z.object({
  agentSn: z.string(),
  enrolledAt: TimestampSchema,
  lastUsedAt: TimestampSchema.nullable(),
  revokedAt: TimestampSchema.nullable(),
  /** Username of the admin who revoked it. */
  revokedBy: z.string().nullable(),
})
export type AgentCredential = z.infer<typeof AgentCredentialSchema>

const params = z.object({ agentSn: AgentSnSchema })

export const agentCredentialRoutes = {
  get: defineRoute({
    method: 'GET',
    path: '/api/agents/:agentSn/credential',
    params,
    response: AgentCredentialSchema,
    access: 'admin:manage',
    summary: "An agent's credential: when it enrolled, last connected, whether it is revoked",
  }),
  revoke: defineRoute({
    method: 'POST',
    path: '/api/agents/:agentSn/revoke',
    params,
    response: AgentCredentialSchema,
    access: 'admin:manage',
    summary: 'Revoke one agent: it is disconnected now and refused from then on',
  }),
}
