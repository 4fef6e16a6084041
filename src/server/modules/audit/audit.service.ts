import type { z } from 'zod'
import type { AuditQuerySchema } from '../../../contract/identity'
import type { Tx } from '../../db/client'
import type { RequestContext } from '../../lib/principal'
import { redactSecrets } from '../../lib/redact'
import type { AuditRepository } from './audit.repository'

export interface AuditEvent {
  action: string
  targetType: string
  targetId?: string | null
  before?: unknown
  after?: unknown
}

/** Who acted and whose log the entry goes to; `tenantId: null` is the platform log. */
type Actor = { userId: string | null; username: string; tenantId: string | null }

/**
 * The audit log. `record` must be called inside the mutation's transaction so that an entry exists exactly
 * when the change does; snapshots pass through redactSecrets first.
 */
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  async record(tx: Tx, actor: Actor, event: AuditEvent, ctx?: RequestContext): Promise<void> {
    await this.recordMany(tx, [{ actor, event, ctx }])
  }

  /** Several entries in one INSERT (alarm storms open many incidents in one transaction). */
  async recordMany(tx: Tx, entries: { actor: Actor; event: AuditEvent; ctx?: RequestContext }[]): Promise<void> {
    await this.repo.insertMany(
      tx,
      entries.map(({ actor, event, ctx }) => ({
        tenantId: actor.tenantId,
        actorId: actor.userId,
        actorName: actor.username,
        action: event.action,
        targetType: event.targetType,
        targetId: event.targetId ?? null,
        before: event.before === undefined ? null : redactSecrets(event.before),
        after: event.after === undefined ? null : redactSecrets(event.after),
        requestId: ctx?.requestId ?? null,
        ip: ctx?.ip ?? null,
      })),
    )
  }

  /** A tenant's log, or the platform log (`tenantId` null: tenant creation, platform admins' changes). */
  async list(tenantId: string | null, q: z.infer<typeof AuditQuerySchema>) {
    const { rows, total } = await this.repo.page(tenantId, {
      action: q.action,
      actor: q.actor,
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    })
    return {
      items: rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: r.actorName,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        before: r.before,
        after: r.after,
        requestId: r.requestId,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    }
  }

  /** Retention: one batch of audit rows older than `days`; returns how many went. */
  purgeBatch(days: number, batchSize: number) {
    return this.repo.purgeBatch(days, batchSize)
  }
}
