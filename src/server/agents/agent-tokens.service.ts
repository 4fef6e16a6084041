import { createHash, randomBytes } from 'node:crypto'
import type { z } from 'zod'
import type { CreateAgentTokenBodySchema } from '../../contract/agent-tokens'
import type { Db } from '../db/client'
import { NotFoundError } from '../lib/errors'
import type { Principal, RequestContext } from '../lib/principal'
import type { AuditService } from '../modules/audit/audit.service'
import type { AgentsRepository, TokenRow } from './agents.repository'
import { refusal } from '../../contract/refusal-text'

type Actor = Parameters<AuditService['record']>[1]
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
/** Prefix makes a leaked token recognisable in logs and secret scanners. */
const TOKEN_PREFIX = 'oca_'

function toDto(r: TokenRow) {
  return {
    id: r.id,
    description: r.description,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  }
}

/**
 * Enrollment tokens: admins create them; a new agent presents one to enroll and gets its own secret. Revoking
 * a token stops further enrollments with it; agents already enrolled keep their own credentials (revoke those
 * one by one, agent-credentials.service.ts).
 */
export class AgentTokensService {
  constructor(
    private readonly db: Db,
    private readonly repo: AgentsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal) {
    const rows = await this.repo.tokens(principal.tenantId)
    return rows.map(toDto)
  }

  /** Creates a token; the plaintext is returned once and only its SHA-256 is stored. */
  async create(
    actor: Actor & { tenantId: string },
    body: z.infer<typeof CreateAgentTokenBodySchema>,
    ctx?: RequestContext,
  ) {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url')
    const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000) : null
    return this.db.transaction(async (tx) => {
      const row = await this.repo.insertToken(tx, {
        tenantId: actor.tenantId,
        tokenHash: sha256(token),
        description: body.description,
        createdBy: actor.username,
        expiresAt,
      })
      const dto = toDto(row)
      await this.audit.record(
        tx,
        actor,
        { action: 'agent-token.create', targetType: 'agent-token', targetId: row.id, after: dto },
        ctx,
      )
      return { ...dto, token }
    })
  }

  async revoke(principal: Principal, tokenId: string, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const row = await this.repo.revokeToken(tx, principal.tenantId, tokenId)
      if (!row) throw new NotFoundError(refusal('agent-token.not-found', { id: tokenId }))
      await this.audit.record(
        tx,
        principal,
        { action: 'agent-token.revoke', targetType: 'agent-token', targetId: tokenId },
        ctx,
      )
    })
  }

  /** Revokes every live token with this description (the demo fleet replaces its token on each start). */
  async revokeByDescription(tenantId: string, description: string) {
    await this.repo.revokeTokensByDescription(tenantId, description)
  }

  /** The tenant and token id of a live token, or null. */
  async verify(token: string): Promise<{ tokenId: string; tenantId: string } | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 128) return null
    const row = await this.repo.tokenByHash(sha256(token))
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() < Date.now())) return null
    await this.repo.touchToken(row.id)
    return { tokenId: row.id, tenantId: row.tenantId }
  }
}
