import { composed, phrase } from '../../../contract/inbox-text'
import { type Approval, type ApprovalVote, approvalOutcome, canWithdraw, standingOf } from '../../../contract/approvals'
import type { Actors } from '../../../contract/job-plans'
import type { Db, Tx } from '../../db/client'
import type { ApprovalRow } from '../../db/schema'
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'
import type { Principal } from '../../lib/principal'
import type { JobQueue } from '../../jobs/job-queue'
import type { AuditService } from '../audit/audit.service'
import type { UsersService } from '../identity/users.service'
import type { InboxService } from '../inbox/inbox.service'
import { parseApprovalLink, signApprovalLink, verifyApprovalLink } from './approval-links'
import type { ApprovalEventRow as EventRow, ApprovalsRepository } from './approvals.repository'
import { refusal } from '../../../contract/refusal-text'

export interface OpenApproval {
  tenantId: string
  title: string
  request: string
  risk: 'LOW' | 'MEDIUM' | 'HIGH'
  targets: string[]
  contentDiff: string
  rollback: string
  approvers: Actors
  mode: 'any' | 'all'
  timeoutMin: number
  runId: string | null
  /** The plan version this approval reviews (a HIGH-risk plan version), if any. */
  planVersion?: { planId: string; version: number } | null
  requester: { id: string | null; name: string }
}

/** Called in the transaction that settles an approval (approved, rejected, timeout, canceled). */
export type ApprovalSettledListener = (tx: Tx, approval: ApprovalRow) => Promise<void>

/** Someone decided (or the request went away) first: 409, the loser of two approvers racing gets this. */
const alreadyDecided = (row: ApprovalRow) =>
  new ConflictError(
    row.status === 'canceled'
      ? refusal('approval.closed')
      : row.status === 'withdrawn'
        ? refusal('approval.withdrawn')
        : refusal('approval.already-decided', { approvalStatus: row.status }),
  )

/**
 * The approval holds a HIGH-risk console run (an execution request): plan runs' approvals carry their run,
 * plan reviews their plan version, and only console runs have neither.
 */
export const guardsConsoleRun = (row: Pick<ApprovalRow, 'runId' | 'planId'>) =>
  row.runId === null && row.planId === null
const LINK_TTL_MS = 7 * 24 * 3600 * 1000

const votesOf = (events: EventRow[]): ApprovalVote[] =>
  events
    .filter((e) => e.action === 'approve' || e.action === 'reject' || e.action === 'delegate')
    .map((e) => ({
      actor: e.actor,
      role: e.actorRole,
      action: e.action as ApprovalVote['action'],
      onBehalfOf: e.onBehalfOf ? { user: e.onBehalfOf, role: e.onBehalfRole } : null,
      target: e.target,
    }))

/**
 * Approvals (ITSM create_ticket / operate_node): opened in the caller's transaction by whatever needs one (a
 * plan's approval step, a HIGH-risk run); approvers get an inbox message with a signed link; votes are
 * serialised by the approval's row lock; the settling vote (or the timeout job) tells the listeners in the
 * same transaction, so the run it guards moves exactly when the decision commits.
 */
export class ApprovalsService {
  private readonly settled: ApprovalSettledListener[] = []

  constructor(
    private readonly db: Db,
    private readonly repo: ApprovalsRepository,
    private readonly identity: UsersService,
    private readonly inbox: InboxService,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    private readonly keyring: Keyring,
  ) {}

  onSettledInTx(fn: ApprovalSettledListener) {
    this.settled.push(fn)
  }

  /** Opens an approval in `tx`: the row, its first timeline entry, the timeout job and the approvers' links. */
  async open(tx: Tx, a: OpenApproval): Promise<string> {
    const timeoutAt = new Date(Date.now() + a.timeoutMin * 60_000)
    const row = await this.repo.insert(tx, {
      tenantId: a.tenantId,
      title: a.title,
      request: a.request,
      risk: a.risk,
      targets: a.targets,
      contentDiff: a.contentDiff,
      rollback: a.rollback,
      approvers: a.approvers,
      mode: a.mode,
      status: 'pending',
      runId: a.runId,
      planId: a.planVersion?.planId ?? null,
      planVersion: a.planVersion?.version ?? null,
      requesterId: a.requester.id,
      requester: a.requester.name,
      timeoutAt,
    })
    await this.repo.insertEvent(tx, {
      approvalId: row.id,
      actorId: a.requester.id,
      actor: a.requester.name,
      action: 'create',
      remark: a.request,
    })
    await this.jobs.add(
      tx,
      'approval-timeout',
      { approvalId: row.id },
      { runAt: timeoutAt, jobKey: `approval:${row.id}` },
    )
    const named = (await Promise.all(a.approvers.users.map((u) => this.identity.userByName(u, tx)))).filter(
      (u) => u && u.tenantId === a.tenantId && !u.disabled,
    )
    const byRole = await this.identity.enabledWithRoles(a.tenantId, a.approvers.roles, tx)
    const recipients = new Map([...named, ...byRole].map((u) => [u!.id, u!]))
    for (const u of recipients.values()) if (u.id !== a.requester.id) await this.notify(tx, row, u.id, null)
    return row.id
  }

  /** The approval request in `userId`'s inbox; `delegatedBy` names who passed it on to them. */
  private async notify(tx: Tx, row: ApprovalRow, userId: string, delegatedBy: string | null) {
    const expiresAt = new Date(Math.min(row.timeoutAt.getTime(), Date.now() + LINK_TTL_MS))
    const link = await this.repo.insertLink(tx, { approvalId: row.id, userId, expiresAt })
    const token = signApprovalLink(this.keyring, link.id, userId, expiresAt)
    await this.inbox.post(tx, {
      tenantId: row.tenantId,
      recipientId: userId,
      kind: 'approval',
      ...composed(
        {
          title: delegatedBy
            ? phrase('approval.delegated', { actor: delegatedBy, title: row.title })
            : phrase('approval.requested', { title: row.title }),
        },
        row.request,
      ),
      link: `/approval-links/${token}`,
    })
  }

  private async rowFor(principal: Principal, id: string, tx: Tx = this.db, lock = false) {
    const row = await this.repo.byId(principal.tenantId, id, tx, lock)
    if (!row) throw new NotFoundError(refusal('approval.not-found', { id }))
    return row
  }

  private async events(ids: string[], tx: Tx = this.db) {
    const rows = await this.repo.events(ids, tx)
    const out = new Map<string, EventRow[]>()
    for (const r of rows) out.set(r.approvalId, [...(out.get(r.approvalId) ?? []), r])
    return out
  }

  private standing(row: ApprovalRow, events: EventRow[], principal: Principal) {
    if (row.status !== 'pending') return null
    // Whoever asked does not approve their own request, unless named as an approver by user name.
    if (row.requesterId === principal.userId && !row.approvers.users.includes(principal.username)) return null
    return standingOf(row.approvers, votesOf(events), principal.username, principal.role)
  }

  private toDto(row: ApprovalRow, events: EventRow[], principal: Principal): Approval {
    return {
      id: row.id,
      title: row.title,
      request: row.request,
      risk: row.risk,
      targets: row.targets,
      contentDiff: row.contentDiff,
      rollback: row.rollback,
      approvers: row.approvers,
      mode: row.mode,
      status: row.status,
      requester: row.requester,
      runId: row.runId,
      timeoutAt: row.timeoutAt.toISOString(),
      createdAt: row.createdAt.toISOString(),
      decidedAt: row.decidedAt?.toISOString() ?? null,
      timeline: events.map((e) => ({
        at: e.at.toISOString(),
        actor: e.onBehalfOf ? `${e.actor} (for ${e.onBehalfOf})` : e.actor,
        action: e.action,
        remark: e.remark,
        target: e.target,
      })),
      canDecide: this.standing(row, events, principal) !== null,
      canWithdraw: canWithdraw(
        { status: row.status, isConsoleRun: guardsConsoleRun(row), isRequester: row.requesterId === principal.userId },
        principal.role,
      ),
    }
  }

  async list(principal: Principal, q: { page: number; pageSize: number; status?: Approval['status']; mine?: boolean }) {
    const { rows, total } = await this.repo.page(principal.tenantId, {
      status: q.status,
      pendingOnly: q.mine,
      limit: q.mine ? 500 : q.pageSize,
      offset: q.mine ? 0 : (q.page - 1) * q.pageSize,
    })
    const events = await this.events(rows.map((r) => r.id))
    let items = rows.map((r) => this.toDto(r, events.get(r.id) ?? [], principal))
    if (!q.mine) return { items, total, page: q.page, pageSize: q.pageSize }
    items = items.filter((i) => i.canDecide)
    const start = (q.page - 1) * q.pageSize
    return { items: items.slice(start, start + q.pageSize), total: items.length, page: q.page, pageSize: q.pageSize }
  }

  async detail(principal: Principal, id: string) {
    const row = await this.rowFor(principal, id)
    return this.toDto(row, (await this.events([id])).get(id) ?? [], principal)
  }

  /** A vote by a pending approver (or their delegate). The vote that settles the approval tells the listeners. */
  async decide(principal: Principal, id: string, decision: 'approve' | 'reject', remark: string, viaLink?: string) {
    await this.db.transaction(async (tx) => {
      const row = await this.rowFor(principal, id, tx, true)
      if (row.status !== 'pending') throw alreadyDecided(row)
      const events = (await this.events([id], tx)).get(id) ?? []
      const standing = this.standing(row, events, principal)
      if (!standing) throw new ForbiddenError(refusal('approval.not-approver'))
      if (viaLink) {
        if (!(await this.repo.markLinkUsed(tx, viaLink, principal.userId)))
          throw new ForbiddenError(refusal('approval.link-not-yours'))
      }
      const onBehalf = standing.user !== principal.username
      await this.repo.insertEvent(tx, {
        approvalId: id,
        actorId: principal.userId,
        actor: principal.username,
        actorRole: principal.role,
        onBehalfOf: onBehalf ? standing.user : null,
        onBehalfRole: onBehalf ? standing.role : null,
        action: decision,
        remark,
      })
      const votes = votesOf([
        ...events,
        {
          actor: principal.username,
          actorRole: principal.role,
          onBehalfOf: onBehalf ? standing.user : null,
          onBehalfRole: onBehalf ? standing.role : null,
          action: decision,
          target: null,
        } as EventRow,
      ])
      const outcome = approvalOutcome(row.approvers, row.mode, votes)
      await this.audit.record(tx, principal, {
        action: `approval.${decision}`,
        targetType: 'approval',
        targetId: id,
        after: { outcome, remark },
      })
      if (outcome !== 'pending') await this.settle(tx, row, outcome)
    })
    return this.detail(principal, id)
  }

  /** Hands the caller's turn to another user of the tenant; they get a link of their own. */
  async delegate(principal: Principal, id: string, to: string, remark: string) {
    await this.db.transaction(async (tx) => {
      const row = await this.rowFor(principal, id, tx, true)
      if (row.status !== 'pending') throw alreadyDecided(row)
      const events = (await this.events([id], tx)).get(id) ?? []
      const standing = this.standing(row, events, principal)
      if (!standing) throw new ForbiddenError(refusal('approval.not-approver'))
      const target = await this.identity.userByName(to, tx)
      if (!target || target.tenantId !== principal.tenantId || target.disabled)
        throw new ValidationError(refusal('approval.no-user', { user: to }), [{ path: 'to', message: `no user ${to}` }])
      if (target.id === principal.userId || target.id === row.requesterId)
        throw new ValidationError(refusal('approval.delegate-self'), [
          { path: 'to', message: 'not yourself or the requester' },
        ])
      const onBehalf = standing.user !== principal.username
      await this.repo.insertEvent(tx, {
        approvalId: id,
        actorId: principal.userId,
        actor: principal.username,
        actorRole: principal.role,
        onBehalfOf: onBehalf ? standing.user : null,
        onBehalfRole: onBehalf ? standing.role : null,
        action: 'delegate',
        remark,
        target: target.username,
      })
      await this.audit.record(tx, principal, {
        action: 'approval.delegate',
        targetType: 'approval',
        targetId: id,
        after: { to: target.username, remark },
      })
      await this.notify(tx, row, target.id, principal.username)
    })
    return this.detail(principal, id)
  }

  private async linkRow(principal: Principal, token: string) {
    const parsed = parseApprovalLink(token)
    if (!parsed || !verifyApprovalLink(this.keyring, parsed, principal.userId))
      throw new ForbiddenError(refusal('approval.link-invalid'))
    if (parsed.expiresAtMs < Date.now()) throw new ForbiddenError(refusal('approval.link-expired'))
    const link = await this.repo.link(parsed.linkId)
    if (!link || link.userId !== principal.userId) throw new ForbiddenError(refusal('approval.link-invalid'))
    return link
  }

  async byLink(principal: Principal, token: string) {
    const link = await this.linkRow(principal, token)
    return this.detail(principal, link.approvalId)
  }

  async decideByLink(principal: Principal, token: string, decision: 'approve' | 'reject', remark: string) {
    const link = await this.linkRow(principal, token)
    if (link.usedAt) throw new InvalidTransitionError(refusal('approval.link-used'))
    return this.decide(principal, link.approvalId, decision, remark, link.id)
  }

  /** The timeout job: a still-pending approval past its time is closed as `timeout`. */
  async expire(approvalId: string) {
    await this.db.transaction(async (tx) => {
      const row = await this.repo.lock(tx, approvalId)
      if (row?.status !== 'pending') return
      if (row.timeoutAt.getTime() > Date.now() + 1000) return
      await this.repo.insertEvent(tx, { approvalId, actor: 'system', action: 'timeout' })
      await this.settle(tx, row, 'timeout')
    })
  }

  /**
   * Locks an approval's row in `tx` (the lock every vote and settlement takes first). Callers that also lock
   * the row of what the approval guards (a plan) take this one first: settling locks in that order too.
   */
  async lockInTx(tx: Tx, approvalId: string): Promise<ApprovalRow | null> {
    return (await this.repo.lock(tx, approvalId)) ?? null
  }

  /** Closes a pending approval whose request went away (the run was canceled) or was decided elsewhere. */
  async cancelInTx(tx: Tx, approvalId: string, actor: string) {
    const row = await this.lockInTx(tx, approvalId)
    if (row?.status !== 'pending') return
    await this.repo.insertEvent(tx, { approvalId, actor, action: 'cancel' })
    await this.repo.setStatus(tx, approvalId, 'canceled')
  }

  /**
   * Closes a pending approval whose requester withdrew the request, in the caller's transaction (which has
   * locked this approval's row first, as votes do): a `withdraw` entry names who, the approval ends
   * `withdrawn` (no vote is possible after), and the approvers' inbox messages for it are marked read.
   */
  async withdrawInTx(tx: Tx, row: ApprovalRow, principal: Principal, remark: string) {
    await this.repo.insertEvent(tx, {
      approvalId: row.id,
      actorId: principal.userId,
      actor: principal.username,
      actorRole: principal.role,
      action: 'withdraw',
      remark,
    })
    await this.repo.setStatus(tx, row.id, 'withdrawn')
    for (const link of await this.repo.linksOf(tx, row.id))
      await this.inbox.markReadByLink(
        tx,
        link.userId,
        `/approval-links/${signApprovalLink(this.keyring, link.id, link.userId, link.expiresAt)}`,
      )
    await this.audit.record(tx, principal, {
      action: 'approval.withdraw',
      targetType: 'approval',
      targetId: row.id,
      after: { remark },
    })
  }

  private async settle(tx: Tx, row: ApprovalRow, status: 'approved' | 'rejected' | 'timeout') {
    const updated = await this.repo.setStatus(tx, row.id, status)
    for (const fn of this.settled) await fn(tx, updated)
  }
}
