import {
  type JobPlan,
  type PlanDefinition,
  planProblems,
  planHostRefs,
  type SavePlanBody,
  planUserRefs,
  unknownHostIssues,
  unknownUserIssues,
} from '../../../contract/job-plans'
import { SENSITIVE_MASK } from '../../../contract/script-rules'
import { diffLines } from '../../../contract/text-diff'
import type { Db, Tx } from '../../db/client'
import type { ApprovalRow, JobPlanRow } from '../../db/schema'
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'
import type { Principal, RequestContext } from '../../lib/principal'
import type { ApprovalsService } from '../approvals/approvals.service'
import type { AuditService } from '../audit/audit.service'
import type { CmdbService } from '../cmdb/cmdb.service'
import type { UsersService } from '../identity/users.service'
import type { ScriptsService } from '../scripts/scripts.service'
import type { JobPlansRepository } from './job-plans.repository'
import { type FieldIssue, fieldIssue, issuesRefusal, refusal } from '../../../contract/refusal-text'

type Issue = FieldIssue

/** Who reviews a HIGH-risk plan version (any one of them, never its author). */
const PLAN_REVIEWERS = { users: [] as string[], roles: ['reviewer' as const, 'admin' as const] }

/** The definition as shown: sensitive defaults masked. */
export function maskDefinition(def: PlanDefinition): PlanDefinition {
  return {
    ...def,
    variables: def.variables.map((v) => (v.type === 'sensitive' && v.default ? { ...v, default: SENSITIVE_MASK } : v)),
  }
}

/** Plain text of a plan version, for the content diff an approval shows. */
export function renderPlan(def: PlanDefinition, scriptText: (uuid: string) => string = () => ''): string {
  const lines = [`hosts: ${def.hosts.join(', ') || '-'}`]
  for (const v of def.variables)
    lines.push(
      `var ${v.name} (${v.type}${v.required ? ', required' : ''}) = ${v.type === 'sensitive' ? SENSITIVE_MASK : v.default}`,
    )
  def.steps.forEach((s, i) => {
    lines.push(`step ${i + 1} [${s.kind}] ${s.name}`)
    if (s.kind === 'script') {
      lines.push(
        `  script ${s.scriptUuid} timeout ${s.timeout}s user ${s.executeUser}${s.ignoreErrors ? ' ignore-errors' : ''}`,
      )
      for (const p of s.params) lines.push(`  param ${p.name} = ${p.variable ? `\${${p.variable}}` : p.value}`)
      for (const l of scriptText(s.scriptUuid).split('\n')) lines.push(`  | ${l}`)
    } else if (s.kind === 'confirm' || s.kind === 'approval') lines.push(`  ${s.message}`)
    else if (s.kind === 'file') lines.push(`  push ${s.fileIds.join(', ')} → ${s.targetPath} (${s.owner}, ${s.mode})`)
  })
  return lines.join('\n')
}

export function unifiedDiff(oldText: string, newText: string): string {
  return diffLines(oldText, newText)
    .map((l) => `${l.op === 'add' ? '+' : l.op === 'remove' ? '-' : ' '} ${l.text}`)
    .join('\n')
}

/**
 * Job plans (bk-job job templates): each save is a new version, kept in `job_plan_versions`. A version with a
 * HIGH-risk script step waits for a reviewer who is not its author (`pending_review`); runs use the last
 * reviewed version meanwhile, as scripts do.
 */
export class JobPlansService {
  constructor(
    private readonly db: Db,
    private readonly repo: JobPlansRepository,
    private readonly scripts: ScriptsService,
    private readonly audit: AuditService,
    private readonly keyring: Keyring,
    private readonly approvals: ApprovalsService,
    private readonly cmdb: Pick<CmdbService, 'hostsByResourceIds'>,
    private readonly users: Pick<UsersService, 'tenantUsers'>,
  ) {
    // A review approval settled through its signed link decides the plan version in the same transaction.
    approvals.onSettledInTx((tx, a) => this.onReviewSettled(tx, a))
  }

  /**
   * Opens the review of a HIGH-risk version as an approval: reviewers and admins (not the author) get an inbox
   * message with a signed link, as for script reviews; the version's diff and HIGH-risk steps are its content.
   * A still-open review of an older version is canceled.
   */
  private async openReview(
    tx: Tx,
    principal: Principal,
    plan: { id: string; name: string; reviewApprovalId: string | null },
    version: number,
    definition: PlanDefinition,
    high: string[],
  ) {
    if (plan.reviewApprovalId) await this.approvals.cancelInTx(tx, plan.reviewApprovalId, principal.username)
    const approvalId = await this.approvals.open(tx, {
      tenantId: principal.tenantId,
      title: `Review plan ${plan.name} v${version}`,
      request: `${principal.username} saved version ${version} of plan ${plan.name} with HIGH-risk steps: ${high.join('; ')}. Approve it to let runs use it.`,
      risk: 'HIGH',
      targets: definition.hosts,
      contentDiff: unifiedDiff(await this.versionText(plan.id, version - 1, tx), renderPlan(definition)),
      rollback: 'Runs keep using the last reviewed version until this one is approved.',
      approvers: PLAN_REVIEWERS,
      mode: 'any',
      timeoutMin: 7 * 24 * 60,
      runId: null,
      planVersion: { planId: plan.id, version },
      requester: { id: principal.userId, name: principal.username },
    })
    await this.repo.update(tx, plan.id, { reviewApprovalId: approvalId })
  }

  /** The review approval of a pending version was decided: approve or reject that version (if still pending). */
  private async onReviewSettled(tx: Tx, a: ApprovalRow) {
    if (!a.planId || a.planVersion === null) return
    const locked = await this.repo.lock(tx, a.planId)
    if (locked?.status !== 'pending_review' || locked.reviewApprovalId !== a.id) return
    if (locked.version !== a.planVersion || (a.status !== 'approved' && a.status !== 'rejected')) return
    const now = new Date()
    await this.repo.update(
      tx,
      locked.id,
      a.status === 'approved'
        ? { status: 'active', approvedVersion: locked.version, reviewApprovalId: null, updatedAt: now }
        : { status: 'rejected', reviewApprovalId: null, updatedAt: now },
    )
    await this.audit.record(
      tx,
      { userId: null, username: 'approval', tenantId: locked.tenantId },
      {
        action: `job-plan.${a.status === 'approved' ? 'approve' : 'reject'}`,
        targetType: 'job-plan',
        targetId: locked.id,
        after: { version: locked.version, approvalId: a.id },
      },
    )
  }

  toDto(row: JobPlanRow): JobPlan {
    return {
      ...maskDefinition(row.definition),
      id: row.id,
      name: row.name,
      version: row.version,
      status: row.status,
      creatorName: row.creatorName,
      updatedBy: row.updatedBy,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    }
  }

  async row(tenantId: string, id: string, tx: Tx = this.db) {
    const row = await this.repo.byId(tenantId, id, tx)
    if (!row) throw new NotFoundError(refusal('plan.not-found', { id }))
    return row
  }

  /**
   * Locks a plan for a change that may close its review approval, in the one order every path takes: the
   * review approval's row first, then the plan's. A decision through the approval (vote, signed link,
   * timeout) locks the same way (approval, then plan in onReviewSettled), so a console review racing a link
   * decision waits instead of deadlocking, and the later one sees the earlier one's outcome. Returns null
   * when the plan does not exist in the tenant.
   */
  private async lockForReview(tx: Tx, tenantId: string, id: string): Promise<JobPlanRow | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const peek = await this.repo.peekReview(tx, tenantId, id)
      if (!peek) return null
      if (peek.reviewApprovalId) await this.approvals.lockInTx(tx, peek.reviewApprovalId)
      const locked = await this.repo.lock(tx, id, tenantId)
      if (!locked) return null
      // Cleared (decided meanwhile) or the one locked above: the order held. A newer review opened between
      // the two reads is not locked yet: read again.
      if (!locked.reviewApprovalId || locked.reviewApprovalId === peek.reviewApprovalId) return locked
    }
    throw new ConflictError(refusal('plan.changed-while-saving'))
  }

  /** The definition a run uses: the current version when reviewed, else the last reviewed one. */
  async runnable(
    tenantId: string,
    id: string,
  ): Promise<{ row: JobPlanRow; version: number; definition: PlanDefinition }> {
    const row = await this.row(tenantId, id)
    if (row.status === 'active') return { row, version: row.version, definition: row.definition }
    if (!row.approvedVersion)
      throw new InvalidTransitionError(
        refusal('plan.not-reviewed', { plan: row.name, version: row.version, planStatus: row.status }),
      )
    const v = await this.repo.version(id, row.approvedVersion)
    return { row, version: row.approvedVersion, definition: v!.definition }
  }

  /** The stored text of a version, for diffs (version 0 = nothing). */
  async versionText(planId: string, version: number, tx: Tx = this.db): Promise<string> {
    if (version < 1) return ''
    const v = await this.repo.version(planId, version, tx)
    return v ? renderPlan(v.definition) : ''
  }

  async list(principal: Principal, q: { page: number; pageSize: number; name?: string }) {
    const { rows, total } = await this.repo.page(principal.tenantId, {
      name: q.name,
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    })
    return { items: rows.map((r) => this.toDto(r)), total, page: q.page, pageSize: q.pageSize }
  }

  async detail(principal: Principal, id: string) {
    return this.toDto(await this.row(principal.tenantId, id))
  }

  async versions(principal: Principal, id: string) {
    await this.row(principal.tenantId, id)
    const rows = await this.repo.versions(id)
    return rows.map((v) => ({
      version: v.version,
      definition: maskDefinition(v.definition),
      createdBy: v.createdBy,
      createdAt: v.createdAt.toISOString(),
    }))
  }

  /** Host ids the plan names that are no host of the tenant: one issue per place, naming the ids. */
  private async unknownHosts(tenantId: string, body: SavePlanBody): Promise<Issue[]> {
    const ids = [...new Set(planHostRefs(body).flatMap((r) => r.ids))]
    if (!ids.length) return []
    const known = await this.cmdb.hostsByResourceIds(tenantId, ids)
    return unknownHostIssues(body, new Set(known.map((h) => h.resourceId)))
  }

  /** Confirmers and approvers the plan names that are no enabled user of the tenant: one issue per step. */
  private async unknownUsers(tenantId: string, body: SavePlanBody): Promise<Issue[]> {
    const names = [...new Set(planUserRefs(body).flatMap((r) => r.names))]
    if (!names.length) return []
    const known = (await this.users.tenantUsers(tenantId, names)).filter((u) => !u.disabled)
    return unknownUserIssues(body, new Set(known.map((u) => u.username)))
  }

  /**
   * Checks a definition against the database (scripts exist, are approved, have the parameters given; the
   * hosts it names are hosts of the tenant; the confirmers and approvers it names are enabled users of it).
   */
  private async check(principal: Principal, body: SavePlanBody, previous?: PlanDefinition) {
    const issues: Issue[] = [
      ...planProblems(body),
      ...(await this.unknownHosts(principal.tenantId, body)),
      ...(await this.unknownUsers(principal.tenantId, body)),
    ]
    const high: string[] = []
    for (const [i, s] of body.steps.entries()) {
      if (s.kind !== 'script') continue
      const script = await this.scripts.byUuid(principal.tenantId, s.scriptUuid)
      if (!script) {
        issues.push(
          fieldIssue(`steps[${i}].scriptUuid`, refusal('plan.no-script', { at: `steps[${i}]`, script: s.scriptUuid })),
        )
        continue
      }
      if (script.riskLevel === 'HIGH') high.push(`${s.name} → ${script.name} (HIGH)`)
      const names = new Set(script.params.map((p) => p.param_name))
      s.params.forEach((p, j) => {
        if (!names.has(p.name))
          issues.push(
            fieldIssue(
              `steps[${i}].params[${j}].name`,
              refusal('plan.script-no-param', { at: `steps[${i}].params[${j}]`, script: script.name, name: p.name }),
            ),
          )
      })
    }
    if (issues.length) {
      const { said, details } = issuesRefusal(issues)
      throw new ValidationError(said, details)
    }
    // Sensitive defaults are sealed; the mask keeps the stored value.
    const prev = new Map((previous?.variables ?? []).map((v) => [v.name, v]))
    const definition: PlanDefinition = {
      description: body.description,
      hosts: body.hosts,
      variables: body.variables.map((v) => {
        if (v.type !== 'sensitive' || !v.default) return v
        if (v.default === SENSITIVE_MASK) {
          const old = prev.get(v.name)
          return { ...v, default: old?.type === 'sensitive' ? old.default : '' }
        }
        return { ...v, default: this.keyring.encrypt(v.default) }
      }),
      steps: body.steps,
    }
    return { definition, high }
  }

  async create(principal: Principal, body: SavePlanBody, ctx: RequestContext) {
    const { definition, high } = await this.check(principal, body)
    const row = await this.db.transaction(async (tx) => {
      if (await this.repo.nameTaken(tx, principal.tenantId, body.name))
        throw new ConflictError(refusal('plan.name-taken', { name: body.name }))
      const row = await this.repo.insert(tx, {
        tenantId: principal.tenantId,
        name: body.name,
        version: 1,
        status: high.length ? 'pending_review' : 'active',
        approvedVersion: high.length ? null : 1,
        definition,
        creatorId: principal.userId,
        creatorName: principal.username,
        updatedBy: principal.username,
      })
      await this.repo.insertVersion(tx, { planId: row.id, version: 1, definition, createdBy: principal.username })
      if (high.length) await this.openReview(tx, principal, row, 1, definition, high)
      await this.audit.record(
        tx,
        principal,
        {
          action: 'job-plan.create',
          targetType: 'job-plan',
          targetId: row.id,
          after: { name: body.name, version: 1, steps: body.steps.length },
        },
        ctx,
      )
      return row
    })
    return this.toDto(row)
  }

  async update(principal: Principal, id: string, body: SavePlanBody, ctx: RequestContext) {
    const current = await this.row(principal.tenantId, id)
    const { definition, high } = await this.check(principal, body, current.definition)
    const row = await this.db.transaction(async (tx) => {
      const locked = await this.lockForReview(tx, principal.tenantId, id)
      if (!locked) throw new NotFoundError(refusal('plan.not-found', { id }))
      if (body.name !== locked.name && (await this.repo.nameTaken(tx, principal.tenantId, body.name)))
        throw new ConflictError(refusal('plan.name-taken', { name: body.name }))
      const version = locked.version + 1
      const row = await this.repo.update(tx, id, {
        name: body.name,
        version,
        definition,
        status: high.length ? 'pending_review' : 'active',
        approvedVersion: high.length ? locked.approvedVersion : version,
        updatedBy: principal.username,
        updatedAt: new Date(),
      })
      await this.repo.insertVersion(tx, { planId: id, version, definition, createdBy: principal.username })
      if (high.length) await this.openReview(tx, principal, locked!, version, definition, high)
      else if (locked.reviewApprovalId) {
        // A version without HIGH-risk steps needs no review: the older version's review closes.
        await this.approvals.cancelInTx(tx, locked.reviewApprovalId, principal.username)
        await this.repo.update(tx, id, { reviewApprovalId: null })
      }
      await this.audit.record(
        tx,
        principal,
        {
          action: 'job-plan.update',
          targetType: 'job-plan',
          targetId: id,
          before: { version: locked.version },
          after: { name: body.name, version },
        },
        ctx,
      )
      return row!
    })
    return this.toDto(row)
  }

  /** A reviewer (not the author of the version) approves or rejects the pending version. */
  async review(principal: Principal, id: string, decision: 'approve' | 'reject', remark: string) {
    const row = await this.db.transaction(async (tx) => {
      const locked = await this.lockForReview(tx, principal.tenantId, id)
      if (!locked) throw new NotFoundError(refusal('plan.not-found', { id }))
      // Decided first by someone else (another reviewer here, or through the review's signed link): 409.
      if (locked.status !== 'pending_review')
        throw new ConflictError(
          refusal('plan.not-pending-review', { plan: locked.name, version: locked.version, planStatus: locked.status }),
        )
      if (locked.updatedBy === principal.username) throw new ForbiddenError(refusal('plan.author-reviews'))
      // Decided in the console: the review's signed links stop working.
      if (locked.reviewApprovalId) await this.approvals.cancelInTx(tx, locked.reviewApprovalId, principal.username)
      const row = await this.repo.update(
        tx,
        id,
        decision === 'approve'
          ? { status: 'active', approvedVersion: locked.version, reviewApprovalId: null, updatedAt: new Date() }
          : { status: 'rejected', reviewApprovalId: null, updatedAt: new Date() },
      )
      await this.audit.record(tx, principal, {
        action: `job-plan.${decision}`,
        targetType: 'job-plan',
        targetId: id,
        after: { version: locked.version, remark },
      })
      return row!
    })
    return this.toDto(row)
  }
}
