import { randomBytes } from 'node:crypto'
import { hasPermission } from '../../../contract/identity'
import type { ScriptSummaryQuery } from '../../../contract/script-console'
import { reviewTransition } from '../../../contract/script-review'
import { scanScript } from '../../../contract/script-risk'
import { formatScriptUuid } from '../../../contract/script-rules'
import type { CreateScriptBody, ScriptListQuery, UpdateScriptBody } from '../../../contract/scripts'
import type { Db, Tx } from '../../db/client'
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import { toCocDetail, toCocListItem, type ScriptRow } from './script-dto'
import { assertParams, resolveReviewers } from './script-input'
import { sealParams } from './script-params'
import type { ScriptReviewsService } from './script-reviews.service'
import { onlyRiskLevelDiffers } from './reviewer-edit'
import { assertReviewPolicy, type ReviewPolicy } from './review-policy'
import type { UsersService } from '../identity/users.service'
import type { ScriptsRepository } from './scripts.repository'
import { uniqueOr } from '../../db/unique'
import { refusal } from '../../../contract/refusal-text'

// Two concurrent creates can both pass the name check; the unique index decides, with the COC error.
const duplicateName = (name: string) => new ConflictError(refusal('script.name-taken', { name }), 'COC.00040601', 400)

/**
 * COC script management. Every change writes a revision and an audit entry in one transaction; scripts
 * with reviewers go to PENDING_APPROVE and their reviewers are notified after commit.
 */
export class ScriptsService {
  constructor(
    private readonly db: Db,
    private readonly repo: ScriptsRepository,
    private readonly reviews: ScriptReviewsService,
    private readonly audit: AuditService,
    private readonly keyring: Keyring,
    private readonly policy: ReviewPolicy,
    private readonly users: Pick<UsersService, 'tenantUsers'>,
  ) {}

  /** Creates a script and returns its script_uuid. */
  async create(principal: Principal, body: CreateScriptBody, ctx: RequestContext): Promise<string> {
    assertParams(body.script_params)
    const uuid = await uniqueOr(
      this.db,
      () => duplicateName(body.name),
      async (tx) => {
        const reviewers = resolveReviewers(
          body.properties.reviewers ?? [],
          await this.users.tenantUsers(principal.tenantId, undefined, tx),
        )
        if (await this.repo.nameTaken(tx, principal.tenantId, body.name)) throw duplicateName(body.name)
        assertReviewPolicy(
          { risk: body.properties.risk_level, reviewers, authorIds: [principal.userId], hadReviewers: false },
          this.policy,
        )
        const outcome = reviewTransition('PENDING_APPROVE', { type: 'submit', reviewerCount: reviewers.length })
        const status = outcome.ok ? outcome.status : 'PENDING_APPROVE'
        const row = await this.repo.insert(tx, {
          uuid: formatScriptUuid(new Date(), randomBytes(5).toString('hex')),
          tenantId: principal.tenantId,
          name: body.name,
          type: body.type,
          description: body.description,
          content: body.content,
          riskLevel: body.properties.risk_level,
          version: body.properties.version,
          protocol: body.properties.protocol ?? 'DEFAULT',
          params: sealParams(body.script_params, [], this.keyring),
          reviewers: reviewers.map(({ userId, username }) => ({ userId, username })),
          status,
          revision: 1,
          reviewRevision: 1,
          approvedRevision: status === 'APPROVED' ? 1 : null,
          creatorId: principal.userId,
          creatorName: principal.username,
          operatorName: principal.username,
        })
        await this.writeVersion(tx, row, 'create', principal)
        await this.reviews.startRound(tx, row, principal, reviewers)
        await this.audit.record(
          tx,
          principal,
          { action: 'script.create', targetType: 'script', targetId: row.uuid, after: toCocDetail(row) },
          ctx,
        )
        return row.uuid
      },
    )
    return uuid
  }

  /**
   * Modifies a script. Authors (scripts:write) change anything and restart the review; a reviewer of the
   * script may change only the risk level, which adds a revision but keeps the review round.
   */
  async update(principal: Principal, uuid: string, body: UpdateScriptBody, ctx: RequestContext): Promise<string> {
    const canWrite = hasPermission(principal.role, 'scripts:write')
    if (canWrite && body.script_params) assertParams(body.script_params)
    await uniqueOr(
      this.db,
      () => duplicateName(body.name ?? ''),
      async (tx) => {
        const before = await this.repo.lockByUuid(tx, principal.tenantId, uuid)
        if (!before) throw new NotFoundError(refusal('script.not-found', { script: uuid }))
        if (!canWrite) {
          const isReviewer =
            hasPermission(principal.role, 'scripts:review') &&
            before.reviewers.some((r) => r.userId === principal.userId)
          if (!isReviewer) throw new ForbiddenError(refusal('script.role-may-not-modify', { role: principal.role }))
          if (!onlyRiskLevelDiffers(before, body)) throw new ForbiddenError(refusal('script.reviewer-risk-only'))
          const risk = body.properties!.risk_level
          const after =
            risk === before.riskLevel ? before : await this.reviews.changeRiskLevel(tx, before, risk, principal)
          await this.audit.record(
            tx,
            principal,
            {
              action: 'script.update',
              targetType: 'script',
              targetId: uuid,
              before: toCocDetail(before),
              after: toCocDetail(after),
            },
            ctx,
          )
          return
        }
        const name = body.name ?? before.name
        if (name !== before.name && (await this.repo.nameTaken(tx, principal.tenantId, name, before.id)))
          throw duplicateName(name)
        const props = body.properties
        // Kept reviewers are resolved again: one disabled since must not silently stay a gate nobody can pass.
        const given =
          props?.reviewers ?? before.reviewers.map((r) => ({ reviewer_name: r.username, reviewer_id: r.userId }))
        const withEmails = resolveReviewers(given, await this.users.tenantUsers(principal.tenantId, undefined, tx))
        assertReviewPolicy(
          {
            risk: props?.risk_level ?? before.riskLevel,
            reviewers: withEmails,
            authorIds: [before.creatorId, principal.userId],
            hadReviewers: before.reviewers.length > 0,
          },
          this.policy,
        )
        const outcome = reviewTransition(before.status, { type: 'submit', reviewerCount: withEmails.length })
        const status = outcome.ok ? outcome.status : before.status
        const revision = before.revision + 1
        const row = await this.repo.update(tx, before.id, {
          name,
          type: body.type ?? before.type,
          description: body.description,
          content: body.content,
          riskLevel: props?.risk_level ?? before.riskLevel,
          version: props?.version ?? before.version,
          protocol: props?.protocol ?? before.protocol,
          params: body.script_params ? sealParams(body.script_params, before.params, this.keyring) : before.params,
          reviewers: withEmails.map(({ userId, username }) => ({ userId, username })),
          status,
          revision,
          reviewRevision: revision,
          approvedRevision: status === 'APPROVED' ? revision : before.approvedRevision,
          operatorName: principal.username,
        })
        await this.writeVersion(tx, row, 'update', principal)
        await this.reviews.startRound(tx, row, principal, withEmails)
        await this.audit.record(
          tx,
          principal,
          {
            action: 'script.update',
            targetType: 'script',
            targetId: uuid,
            before: toCocDetail(before),
            after: toCocDetail(row),
          },
          ctx,
        )
      },
    )
    return uuid
  }

  async remove(principal: Principal, uuid: string, ctx: RequestContext): Promise<string> {
    await this.db.transaction(async (tx) => {
      const row = await this.repo.lockByUuid(tx, principal.tenantId, uuid)
      if (!row) throw new NotFoundError(refusal('script.not-found', { script: uuid }))
      await this.repo.remove(tx, row.id)
      await this.audit.record(
        tx,
        principal,
        { action: 'script.delete', targetType: 'script', targetId: uuid, before: toCocDetail(row) },
        ctx,
      )
    })
    return uuid
  }

  /** Scripts of the caller's project for BlueKing's get_script_list (whole rows; the caller shapes them). */
  listBk(principal: Principal, q: { name?: string; type?: 'SHELL' | 'PYTHON' | 'BAT'; start: number; length: number }) {
    return this.repo.listBk(principal.tenantId, q)
  }

  /** A script of the caller's project by its numeric id (BlueKing's script id), or undefined. */
  /** A script row of the tenant by uuid (plans check risk and parameters), or undefined. */
  byUuid(tenantId: string, uuid: string) {
    return this.repo.byUuid(tenantId, uuid)
  }

  async byId(principal: Principal, id: number) {
    const row = await this.repo.byId(this.db, id)
    return row && row.tenantId === principal.tenantId ? row : undefined
  }

  async listCoc(principal: Principal, q: ScriptListQuery) {
    const { rows, total } = await this.repo.listCoc(principal.tenantId, q)
    return { total, data: rows.map(toCocListItem) }
  }

  async detail(principal: Principal, uuid: string) {
    return toCocDetail(await this.get(principal, uuid))
  }

  async view(principal: Principal, uuid: string) {
    return this.reviews.viewOf(await this.get(principal, uuid))
  }

  /** The library table: rows with their current round's decisions and a count of high-risk findings. */
  async listConsole(principal: Principal, q: ScriptSummaryQuery) {
    const { rows, total } = await this.repo.listConsole(principal.tenantId, q)
    const reviews = await this.repo.reviewsOfRounds(rows.map((r) => ({ scriptId: r.id, revision: r.reviewRevision })))
    const items = rows.map((r) => ({
      scriptUuid: r.uuid,
      name: r.name,
      type: r.type,
      riskLevel: r.riskLevel,
      status: r.status,
      version: r.version,
      revision: r.revision,
      creator: r.creatorName,
      operator: r.operatorName,
      updatedAt: r.updatedAt.toISOString(),
      reviewers: r.reviewers.map((rv) => ({
        name: rv.username,
        decision:
          reviews.find((x) => x.scriptId === r.id && x.reviewerId === rv.userId)?.decision ?? ('pending' as const),
      })),
      highRiskFindings: scanScript(r.content).filter((f) => f.severity === 'high').length,
    }))
    return { items, total, page: q.page, pageSize: q.pageSize }
  }

  /** The stored script of this uuid in the tenant, for other modules (tickets run its approved revision). */
  row(tenantId: string, uuid: string) {
    return this.repo.byUuid(tenantId, uuid)
  }

  /** A script by its name, with its review state (for features that run a well-known library script). */
  async byName(tenantId: string, name: string) {
    const row = await this.repo.byName(tenantId, name)
    return row && { uuid: row.uuid, name: row.name, status: row.status }
  }

  private async get(principal: Principal, uuid: string) {
    const row = await this.repo.byUuid(principal.tenantId, uuid)
    if (!row) throw new NotFoundError(refusal('script.not-found', { script: uuid }))
    return row
  }

  private writeVersion(tx: Tx, row: ScriptRow, change: 'create' | 'update', actor: Principal) {
    return this.repo.insertVersion(tx, {
      scriptId: row.id,
      revision: row.revision,
      change,
      name: row.name,
      type: row.type,
      description: row.description,
      content: row.content,
      riskLevel: row.riskLevel,
      version: row.version,
      params: row.params,
      reviewers: row.reviewers,
      authorId: actor.userId,
      authorName: actor.username,
    })
  }
}
