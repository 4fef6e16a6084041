import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Db, Tx } from '../db/client'
import { NotFoundError } from '../lib/errors'
import type { Principal, RequestContext } from '../lib/principal'
import type { AuditService } from '../modules/audit/audit.service'
import type { AgentsRepository, CredentialRow as Row } from './agents.repository'
import { refusal } from '../../contract/refusal-text'

/** Prefix of a per-agent secret: recognisable in logs and secret scanners, distinct from enrollment tokens. */
export const AGENT_SECRET_PREFIX = 'ocs_'
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/** Who is on the other end of an agent socket, as the upgrade established it. */
export type AgentAuth =
  | { kind: 'enroll'; tenantId: string; tokenId: string }
  | { kind: 'agent'; tenantId: string; agentSn: string }

/** The outcome of an enrollment attempt, decided inside the hello's transaction. */
export type Enrollment = { ok: true; secret: string } | { ok: false; reason: 'enrolled' | 'revoked' }

function toDto(r: Row) {
  return {
    agentSn: r.agentSn,
    enrolledAt: r.enrolledAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    revokedBy: r.revokedBy,
  }
}

/**
 * Per-agent credentials (issue 13 item 1). An enrollment token only enrolls an agent_sn that has no credential
 * yet; enrollment mints a random secret, stores its SHA-256 and hands the plaintext to the agent once (in
 * `welcome`). From then on that agent_sn connects only with its own secret; a revoked one is refused.
 */
export class AgentCredentialsService {
  /** Called with a revoked agent_sn so the gateway can disconnect it. */
  onRevoke?: (agentSn: string) => void

  constructor(
    private readonly db: Db,
    private readonly repo: AgentsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Checks an agent's own secret at the upgrade; null when unknown, wrong or revoked. */
  async verify(agentSn: string, secret: string): Promise<AgentAuth | null> {
    if (!secret.startsWith(AGENT_SECRET_PREFIX) || secret.length > 128) return null
    const row = await this.repo.credential(agentSn)
    if (!row || row.revokedAt) return null
    const a = Buffer.from(row.secretHash)
    const b = Buffer.from(sha256(secret))
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null
    await this.repo.touchCredential(agentSn)
    return { kind: 'agent', tenantId: row.tenantId, agentSn }
  }

  /**
   * Mints the credential of a not-yet-enrolled agent_sn inside the caller's transaction. Refuses an agent_sn
   * that already has one (a takeover attempt, or an agent that lost its secret) or was revoked. Concurrent
   * enrollments of one agent_sn: the primary key lets exactly one win.
   */
  async enroll(tx: Tx, agentSn: string, tenantId: string, tokenId: string): Promise<Enrollment> {
    const secret = AGENT_SECRET_PREFIX + randomBytes(32).toString('base64url')
    if (await this.repo.insertCredential(tx, { agentSn, tenantId, secretHash: sha256(secret), enrolledWith: tokenId }))
      return { ok: true, secret }
    const row = await this.repo.credential(agentSn, tx)
    return { ok: false, reason: row?.revokedAt ? 'revoked' : 'enrolled' }
  }

  /** The credential of one agent of the caller's tenant (never its secret). */
  async get(principal: Principal, agentSn: string) {
    const row = await this.repo.tenantCredential(principal.tenantId, agentSn)
    if (!row) throw new NotFoundError(refusal('agent.no-credential', { agent: agentSn }))
    return toDto(row)
  }

  /** Revokes one agent: it is disconnected and every later connection with its secret or a token is refused. */
  async revoke(principal: Principal, agentSn: string, ctx: RequestContext) {
    const dto = await this.db.transaction(async (tx) => {
      const row = await this.repo.revokeCredential(tx, principal.tenantId, agentSn, principal.username)
      if (!row) throw new NotFoundError(refusal('agent.no-live-credential', { agent: agentSn }))
      await this.audit.record(
        tx,
        principal,
        { action: 'agent.revoke', targetType: 'agent', targetId: agentSn, after: { revokedAt: row.revokedAt } },
        ctx,
      )
      return toDto(row)
    })
    this.onRevoke?.(agentSn)
    return dto
  }

  /** Which of these connected agents were revoked (by any replica) since they connected. */
  async revokedAmong(agentSns: string[]): Promise<string[]> {
    if (!agentSns.length) return []
    return this.repo.revokedAmong(agentSns)
  }
}
