import type { z } from 'zod'
import type { PolicyBodySchema } from '../../../contract/oncall'
import type { Db, Tx } from '../../db/client'
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { OncallRepository, PolicyRow } from './oncall.repository'
import type { People } from './people'
import type { SchedulesService } from './schedules.service'
import { refusal } from '../../../contract/refusal-text'

export type { PolicyRow } from './oncall.repository'
type Body = z.infer<typeof PolicyBodySchema>

/**
 * The policy that pages for an incident: among those covering its application and level, the most specific
 * (an application match counts more than a level match; a policy with neither covers everything), oldest first.
 */
export function pickPolicy(policies: PolicyRow[], applicationId: string, level: string): PolicyRow | undefined {
  const score = (p: PolicyRow) => (p.applicationIds.length ? 2 : 0) + (p.incidentLevels.length ? 1 : 0)
  return policies
    .filter(
      (p) =>
        (!p.applicationIds.length || p.applicationIds.includes(applicationId)) &&
        (!p.incidentLevels.length || p.incidentLevels.includes(level)),
    )
    .sort((a, b) => score(b) - score(a) || a.createdAt.getTime() - b.createdAt.getTime())[0]
}

/** Escalation policies: levels of schedules or users with a timeout each, a repeat count, what they cover. */
export class PoliciesService {
  constructor(
    private readonly db: Db,
    private readonly repo: OncallRepository,
    private readonly audit: AuditService,
    private readonly schedules: SchedulesService,
    private readonly people: People,
  ) {}

  private async dtos(tenantId: string, rows: PolicyRow[]) {
    const schedules = await this.schedules.names(tenantId)
    const userIds = rows.flatMap((r) =>
      r.steps.flatMap((s) => s.targets.filter((t) => t.type === 'user').map((t) => t.id)),
    )
    const users = await this.people.byIds(tenantId, userIds)
    return rows.map((r) => {
      const targetNames: Record<string, string> = {}
      for (const t of r.steps.flatMap((s) => s.targets))
        targetNames[t.id] = (t.type === 'schedule' ? schedules.get(t.id) : users.get(t.id)?.displayName) ?? '?'
      return {
        id: r.id,
        name: r.name,
        applicationIds: r.applicationIds,
        incidentLevels: r.incidentLevels as Body['incidentLevels'],
        escalateLevels: r.escalateLevels as Body['escalateLevels'],
        repeatCount: r.repeatCount,
        steps: r.steps,
        targetNames,
      }
    })
  }

  async list(tenantId: string) {
    return this.dtos(tenantId, await this.all(tenantId))
  }

  async all(tenantId: string, tx: Tx = this.db) {
    return this.repo.policies(tenantId, tx)
  }

  async byId(tenantId: string, id: string, tx: Tx = this.db) {
    return this.repo.policy(tenantId, id, tx)
  }

  private async checkTargets(tenantId: string, b: Body, tx: Tx) {
    const schedules = await this.schedules.names(tenantId, tx)
    const userIds = b.steps.flatMap((s) => s.targets.filter((t) => t.type === 'user').map((t) => t.id))
    const users = await this.people.byIds(tenantId, userIds, tx)
    const bad = b.steps.flatMap((s, i) =>
      s.targets
        .filter((t) => (t.type === 'schedule' ? !schedules.has(t.id) : !users.has(t.id)))
        .map(() => ({ path: `body.steps.${i}.targets`, message: 'unknown schedule or user' })),
    )
    if (bad.length) throw new ValidationError(refusal('oncall.unknown-target'), bad)
  }

  // The names a policy shows are read after the commit: inside, they would take a second pooled connection.
  async create(principal: Principal, b: Body, ctx?: RequestContext) {
    const row = await this.db.transaction(async (tx) => {
      await this.checkTargets(principal.tenantId, b, tx)
      const row = await this.repo.insertPolicy(tx, principal.tenantId, b)
      if (!row) throw new ConflictError(refusal('oncall.policy-name-taken', { name: b.name }))
      await this.audit.record(
        tx,
        principal,
        { action: 'escalation-policy.create', targetType: 'escalation-policy', targetId: row.id, after: b },
        ctx,
      )
      return row
    })
    return (await this.dtos(principal.tenantId, [row]))[0]
  }

  async update(principal: Principal, id: string, b: Body, ctx: RequestContext) {
    const row = await this.db.transaction(async (tx) => {
      const before = await this.byId(principal.tenantId, id, tx)
      if (!before) throw new NotFoundError(refusal('oncall.policy-not-found', { id }))
      await this.checkTargets(principal.tenantId, b, tx)
      const row = await this.repo.updatePolicy(tx, id, b)
      await this.audit.record(
        tx,
        principal,
        {
          action: 'escalation-policy.update',
          targetType: 'escalation-policy',
          targetId: id,
          before: { name: before.name, steps: before.steps },
          after: b,
        },
        ctx,
      )
      return row
    })
    return (await this.dtos(principal.tenantId, [row]))[0]
  }

  async remove(principal: Principal, id: string, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const before = await this.byId(principal.tenantId, id, tx)
      if (!before) throw new NotFoundError(refusal('oncall.policy-not-found', { id }))
      await this.repo.deletePolicy(tx, id)
      await this.audit.record(
        tx,
        principal,
        {
          action: 'escalation-policy.delete',
          targetType: 'escalation-policy',
          targetId: id,
          before: { name: before.name },
        },
        ctx,
      )
    })
  }
}
