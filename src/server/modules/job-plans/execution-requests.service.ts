import { composed, phrase } from '../../../contract/inbox-text'
import { EXECUTION_LIMITS } from '../../../contract/execution-rules'
import type { ExecuteScriptBody } from '../../../contract/executions'
import type { Actors } from '../../../contract/job-plans'
import { isAdminRole } from '../../../contract/permissions'
import { SENSITIVE_MASK } from '../../../contract/script-rules'
import type { Db, Tx } from '../../db/client'
import type { ApprovalRow, ExecutionRequestRow, StoredParam } from '../../db/schema'
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'
import type { Log } from '../../lib/log'
import type { Principal, RequestContext } from '../../lib/principal'
import type { JobQueue } from '../../jobs/job-queue'
import type { ApprovalsService } from '../approvals/approvals.service'
import type { ExecutionsService } from '../executions/executions.service'
import type { ScriptsService } from '../scripts/scripts.service'
import type { ExecutionRequestsRepository } from './execution-requests.repository'
import { unifiedDiff } from './job-plans.service'
import type { PlanSupport } from './plan-support'
import { refusal } from '../../../contract/refusal-text'

/** Approvers of a HIGH-risk console run: the same as a plan run with a HIGH-risk script (any one of them). */
const HIGH_RISK_APPROVERS: Actors = { users: [], roles: ['admin', 'reviewer'] }
/** A HIGH-risk run waits a day for its approval, then times out (nothing runs). */
const APPROVAL_TIMEOUT_MIN = 24 * 60

/** What the wizard's submit answers: the ticket started, or the approval the run now waits for. */
export type ConsoleRunResult = { executeUuid: string; approvalId: null } | { executeUuid: null; approvalId: string }

/** The request was taken by another worker (or settled) between the checks and the ticket's transaction. */
class AlreadyTaken extends Error {}

const ownerOf = (r: ExecutionRequestRow) => ({
  tenantId: r.tenantId,
  creatorId: r.creatorId,
  creatorName: r.creatorName,
})

/**
 * Console runs of a HIGH-risk script (issue 17, "any HIGH-risk run opens an approval"): a non-admin's run is
 * checked like any submit, then kept as a request (parameters sealed) behind an approval through the same
 * ApprovalsService, signed links and inbox as plan runs. The approval's settling transaction moves the request
 * (as PlanRunsService does its runs): approved, an `execution-request-start` job creates the ticket as the
 * requester, recording it in the ticket's own transaction (so at most one ticket per request); rejected or
 * timed out, nothing runs and the requester is told.
 *
 * Only the console goes through here. The COC /v1 API and the BlueKing job API keep their documented
 * immediate behaviour: their callers are automation with their own change checks, and seed 000/002 define
 * those calls as starting the ticket at once (COC's confirm of a HIGH-risk script is the caller's own).
 */
export class ExecutionRequestsService {
  constructor(
    private readonly db: Db,
    private readonly repo: ExecutionRequestsRepository,
    private readonly executions: ExecutionsService,
    private readonly scripts: Pick<ScriptsService, 'row'>,
    private readonly approvals: ApprovalsService,
    private readonly support: PlanSupport,
    private readonly jobs: JobQueue,
    private readonly keyring: Keyring,
    private readonly log: Log,
  ) {
    approvals.onSettledInTx((tx, a) => this.onApprovalSettled(tx, a))
  }

  /**
   * The wizard's submit. Admins (the approvers) and LOW/MEDIUM scripts start at once; a HIGH-risk script run
   * by anyone else is checked in full now (so a bad request is refused now, not after the approval), then
   * waits for an approval.
   */
  async submit(
    principal: Principal,
    scriptUuid: string,
    body: ExecuteScriptBody,
    ctx: RequestContext,
    opts: {
      confirmHighRisk: boolean
      rollback: string
      /** The longest timeout allowed (Run again of a long plan-step ticket keeps its own). */
      timeoutMax?: number
    },
  ): Promise<ConsoleRunResult> {
    const script = await this.scripts.row(principal.tenantId, scriptUuid)
    const checks = { confirmHighRisk: opts.confirmHighRisk, timeoutMax: opts.timeoutMax }
    if (script?.riskLevel !== 'HIGH' || isAdminRole(principal.role)) {
      const uuid = await this.executions.execute(principal, scriptUuid, body, ctx, checks)
      return { executeUuid: uuid, approvalId: null }
    }
    const c = await this.executions.check(principal, scriptUuid, body, checks)
    const { script_params: _given, ...executeParam } = body.execute_param
    const shownParams = c.params.map((p) => `${p.param_name}=${p.sensitive ? SENSITIVE_MASK : p.value}`)
    const request = [
      `${principal.username} runs HIGH-risk script ${c.script.name} (version ${c.script.version}, revision ${c.script.revision})`,
      `on ${c.hosts.length} host(s) in ${c.batches.length} batch(es) as ${executeParam.execute_user}, timeout ${executeParam.timeout} s`,
      shownParams.length ? `parameters: ${shownParams.join(', ')}` : 'no parameters',
    ].join('; ')
    return this.db.transaction(async (tx) => {
      const approvalId = await this.approvals.open(tx, {
        tenantId: principal.tenantId,
        title: `Run ${c.script.name} ${c.script.version} on ${c.hosts.length} host(s)`,
        request,
        risk: 'HIGH',
        targets: c.hosts.map((h) => (h.innerIp ? `${h.name} (${h.innerIp})` : h.name)),
        // The whole script as the approvers will see it run (a diff against nothing: every line added).
        contentDiff: unifiedDiff('', c.script.content),
        rollback: opts.rollback.trim(),
        approvers: HIGH_RISK_APPROVERS,
        mode: 'any',
        timeoutMin: APPROVAL_TIMEOUT_MIN,
        runId: null,
        requester: { id: principal.userId, name: principal.username },
      })
      const row = await this.repo.insert(tx, {
        tenantId: principal.tenantId,
        approvalId,
        scriptUuid: c.script.uuid,
        scriptName: c.script.name,
        scriptRevision: c.script.revision,
        body: { execute_param: executeParam, execute_batches: c.batches },
        params: c.params,
        status: 'waiting_approval',
        creatorId: principal.userId,
        creatorName: principal.username,
      })
      await this.support.record(
        tx,
        principal,
        {
          action: 'execution.request',
          targetType: 'execution-request',
          targetId: row.id,
          after: {
            script: c.script.uuid,
            scriptName: c.script.name,
            revision: c.script.revision,
            hosts: c.hosts.length,
            approval: approvalId,
          },
        },
        ctx,
      )
      return { executeUuid: null, approvalId }
    })
  }

  /**
   * The requester (or an admin) withdraws a run still waiting for its approval: the request ends `withdrawn`,
   * its approval is closed (`withdrawn`, naming who) so no vote can start it, and nothing runs. Locks the
   * approval's row, then the request's, the order every vote and settlement takes, so a withdraw racing an
   * approve is serialised: whichever commits first wins and the other gets a 409.
   */
  async withdraw(principal: Principal, approvalId: string, remark: string, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const approval = await this.approvals.lockInTx(tx, approvalId)
      if (!approval || approval.tenantId !== principal.tenantId)
        throw new NotFoundError(refusal('approval.not-found', { id: approvalId }))
      const req = await this.repo.lockByApproval(tx, approvalId)
      if (!req) throw new NotFoundError(refusal('withdraw.no-run'))
      if (req.creatorId !== principal.userId && !isAdminRole(principal.role))
        throw new ForbiddenError(refusal('withdraw.not-requester'))
      if (req.status !== 'waiting_approval' || approval.status !== 'pending')
        throw new ConflictError(
          req.status === 'withdrawn'
            ? refusal('withdraw.already')
            : refusal('withdraw.not-waiting', {
                requestStatus: req.status === 'waiting_approval' ? approval.status : req.status,
              }),
        )
      const message = `withdrawn by ${principal.username}`
      await this.repo.update(tx, req.id, { status: 'withdrawn', message, decidedAt: new Date() })
      await this.approvals.withdrawInTx(tx, approval, principal, remark)
      // An admin withdrew someone else's run: they hear it from the inbox, like a reject.
      if (req.creatorId !== principal.userId) {
        const actor = { actor: principal.username }
        await this.support.tellOwner(tx, ownerOf(req), {
          kind: 'execution-request',
          ...composed({
            title: phrase('execution-request.not-run', {
              script: req.scriptName,
              why: phrase('request.withdrawn', actor),
            }),
            body: phrase('execution-request.not-run.body', {
              script: req.scriptName,
              why: phrase('request.withdrawn.why', actor),
            }),
          }),
          link: `/approvals/${approvalId}`,
        })
      }
      await this.support.record(
        tx,
        principal,
        {
          action: 'execution.withdraw',
          targetType: 'execution-request',
          targetId: req.id,
          before: { status: 'waiting_approval' },
          after: { status: 'withdrawn', approval: approvalId, remark },
        },
        ctx,
      )
    })
  }

  /** In the approval's settling transaction: approved → a job starts the ticket; otherwise nothing runs. */
  private async onApprovalSettled(tx: Tx, a: ApprovalRow) {
    if (a.runId) return // a plan run's
    const req = await this.repo.lockByApproval(tx, a.id)
    if (req?.status !== 'waiting_approval') return
    const now = new Date()
    if (a.status === 'approved') {
      await this.repo.update(tx, req.id, { status: 'approved', decidedAt: now })
      await this.jobs.add(
        tx,
        'execution-request-start',
        { requestId: req.id },
        { jobKey: `execution-request:${req.id}` },
      )
      return
    }
    if (a.status !== 'rejected' && a.status !== 'timeout') return
    const why = a.status === 'rejected' ? 'the approval was rejected' : 'the approval timed out'
    await this.repo.update(tx, req.id, { status: a.status, message: why, decidedAt: now })
    const rejected = a.status === 'rejected'
    const short = phrase(rejected ? 'request.rejected' : 'request.timeout', {})
    const long = phrase(rejected ? 'request.rejected.why' : 'request.timeout.why', {})
    await this.support.tellOwner(tx, ownerOf(req), {
      kind: 'execution-request',
      ...composed({
        title: phrase('execution-request.not-run', { script: req.scriptName, why: short }),
        body: phrase('execution-request.not-run.body', { script: req.scriptName, why: long }),
      }),
      link: `/approvals/${a.id}`,
    })
  }

  /**
   * The `execution-request-start` job: the approved request's ticket, as its requester is now (a disabled
   * requester, a script changed since the approval, an offline host… fail the request and tell them). The
   * ticket's transaction marks the request started, so a retried job never makes a second ticket.
   */
  async start(requestId: string) {
    const req = await this.repo.byId(requestId)
    if (req?.status !== 'approved' || req.executeUuid) return
    try {
      const principal = await this.support.actAs(ownerOf(req))
      const body: ExecuteScriptBody = {
        ...req.body,
        execute_param: {
          ...req.body.execute_param,
          script_params: req.params.map((p) => ({ param_name: p.param_name, param_value: this.plain(p) })),
        },
      }
      await this.executions.execute(
        principal,
        req.scriptUuid,
        body,
        { requestId: `execution-request:${req.id}`, ip: '' },
        {
          confirmHighRisk: true,
          revision: req.scriptRevision,
          // The timeout was checked against the right ceiling when the run was asked for.
          timeoutMax: Math.max(EXECUTION_LIMITS.timeoutMax, req.body.execute_param.timeout),
          inTx: async (tx, uuid) => {
            const locked = await this.repo.lock(tx, req.id)
            if (locked?.status !== 'approved' || locked.executeUuid) throw new AlreadyTaken()
            await this.repo.update(tx, req.id, { status: 'started', executeUuid: uuid, message: `ticket ${uuid}` })
            await this.support.tellOwner(tx, ownerOf(req), {
              kind: 'execution-request',
              ...composed({
                title: phrase('execution-request.started', { script: req.scriptName }),
                body: phrase('execution-request.started.body', { script: req.scriptName, ticket: uuid }),
              }),
              link: `/tickets/${uuid}`,
            })
          },
        },
      )
    } catch (err) {
      if (err instanceof AlreadyTaken) return
      if (!(err instanceof DomainError)) throw err
      this.log.warn({ requestId, err: err.message }, 'approved HIGH-risk run not started')
      await this.db.transaction(async (tx) => {
        const locked = await this.repo.lock(tx, req.id)
        if (locked?.status !== 'approved' || locked.executeUuid) return
        await this.repo.update(tx, req.id, { status: 'failed', message: `not started: ${err.message}` })
        await this.support.tellOwner(tx, ownerOf(req), {
          kind: 'execution-request',
          ...composed({
            title: phrase('execution-request.failed', { script: req.scriptName }),
            body: phrase('execution-request.failed.body', { script: req.scriptName, reason: err.message }),
          }),
          link: `/approvals/${req.approvalId}`,
        })
      })
    }
  }

  /** A stored value in clear (sensitive ones are sealed; an empty secret stays empty). */
  private plain(p: StoredParam) {
    return p.sensitive && p.value ? this.keyring.decrypt(p.value) : p.value
  }
}
