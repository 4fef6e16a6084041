import { composed, type InboxPhrase, phrase, renderPhrase } from '../../../contract/inbox-text'
import type { ExecuteScriptBody } from '../../../contract/executions'
import { PushFilesBodySchema } from '../../../contract/files'
import {
  type Actors,
  type PlanDefinition,
  type PlanRun,
  type PlanStep,
  PLAN_LIMITS,
  PlanDefinitionSchema,
  planProblems,
  type RunStatus,
  resolveVariables,
  stepBatchSizes,
  stepHosts,
} from '../../../contract/job-plans'
import { cut } from '../../../contract/batch-plan'
import { hasPermission } from '../../../contract/permissions'
import {
  canCancelRun,
  nextRunAction,
  type StepOutcome,
  settleStep,
  ticketOutcome,
} from '../../../contract/plan-run-machine'
import { SENSITIVE_MASK } from '../../../contract/script-rules'
import type { Db, Tx } from '../../db/client'
import type { ApprovalRow, PlanRunRow, PlanRunStepRow } from '../../db/schema'
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
} from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'
import type { Log } from '../../lib/log'
import type { Principal, RequestContext } from '../../lib/principal'
import type { JobQueue } from '../../jobs/job-queue'
import type { ApprovalsService } from '../approvals/approvals.service'
import type { ExecutionEngine } from '../executions/execution-engine'
import type { FilesService } from '../files/files.service'
import type { ExecutionsService } from '../executions/executions.service'
import type { ScriptsService } from '../scripts/scripts.service'
import type { PlanSupport } from './plan-support'
import type { PlanRunsRepository } from './plan-runs.repository'
import { type JobPlansService, renderPlan, unifiedDiff } from './job-plans.service'
import { issuesRefusal, refusal } from '../../../contract/refusal-text'

/** Approvers of a run that contains a HIGH-risk script (no approval step of the plan covers it). */
const HIGH_RISK_APPROVERS: Actors = { users: [], roles: ['admin', 'reviewer'] }

const isAllowed = (p: Principal, actors: Actors) =>
  actors.users.length || actors.roles.length
    ? actors.users.includes(p.username) || actors.roles.includes(p.role)
    : hasPermission(p.role, 'executions:run')

interface StartOptions {
  scheduleId?: string
  /** The run's own copy of the definition, changed (execute_job's step customisation; checked again here). */
  customize?: (def: PlanDefinition) => Promise<PlanDefinition>
  /** Called in the transaction that creates the run (the job API records its instance). */
  onCreated?: (tx: Tx, run: PlanRunRow) => Promise<void>
}

/**
 * Plan runs: a parent record with one row per step. A script step runs as an ordinary execution ticket made
 * through ExecutionsService (its engine, leases and agents); the run moves on in the `plan-run-advance` job,
 * added in the transaction that ends the step's ticket (or continues a confirmation, or settles an approval),
 * and run one at a time per run (its own queue), on whichever replica's worker takes it. A replica dying
 * loses nothing: the job is retried, and a sweep re-adds one for every running run each minute.
 */
export class PlanRunsService {
  private readonly settledListeners: ((tx: Tx, run: PlanRunRow) => Promise<void>)[] = []

  constructor(
    private readonly db: Db,
    private readonly repo: PlanRunsRepository,
    private readonly plans: JobPlansService,
    private readonly executions: ExecutionsService,
    executionEngine: ExecutionEngine,
    private readonly scripts: ScriptsService,
    private readonly approvals: ApprovalsService,
    private readonly files: FilesService,
    private readonly support: PlanSupport,
    private readonly jobs: JobQueue,
    private readonly keyring: Keyring,
    private readonly log: Log,
  ) {
    // The transaction that ends a step's ticket adds the job that moves its run on.
    executionEngine.onSettledInTx(async (tx, orderId) => {
      const uuid = await this.executions.uuidOf(orderId, tx)
      if (!uuid) return
      const runId = await this.repo.runIdOfTicket(tx, uuid)
      if (runId) await this.enqueue(tx, runId)
    })
    approvals.onSettledInTx((tx, a) => this.onApprovalSettled(tx, a))
  }

  /** Listeners told, in the settling transaction, that a run ended (finished, failed, canceled, rejected). */
  onSettledInTx(listener: (tx: Tx, run: PlanRunRow) => Promise<void>) {
    this.settledListeners.push(listener)
  }

  private async settled(tx: Tx, run: PlanRunRow) {
    for (const l of this.settledListeners) await l(tx, run)
  }

  /** Asks for the run to move on: one pending job per run, run in the run's own queue (one at a time). */
  async enqueue(tx: Tx, runId: string) {
    await this.jobs.add(
      tx,
      'plan-run-advance',
      { runId },
      { queueName: `plan-run:${runId}`, jobKey: `plan-run:${runId}` },
    )
  }

  // ---- start --------------------------------------------------------------------------------------------

  /**
   * Starts a run of the plan's runnable version: variables resolved and checked, sensitive ones sealed. A run
   * with a HIGH-risk script first waits for an approval (admins or reviewers, any), unless it is refused.
   */
  async start(
    principal: Principal,
    planId: string,
    given: Record<string, string>,
    ctx: RequestContext,
    opts: StartOptions = {},
  ): Promise<PlanRun> {
    const write = await this.prepareStart(principal, planId, given, ctx, opts)
    return this.detail(principal, await this.db.transaction(write))
  }

  /**
   * Everything a run's start reads and checks (the plan, its scripts, the variables, the approval's diff),
   * then the write that creates it in a caller's transaction and returns its id. The reads are done before:
   * inside the transaction they would each wait for a second pooled connection (a schedule's fire holds its
   * row lock meanwhile).
   */
  async prepareStart(
    principal: Principal,
    planId: string,
    given: Record<string, string>,
    ctx: RequestContext,
    opts: StartOptions = {},
  ): Promise<(tx: Tx) => Promise<string>> {
    const runnable = await this.plans.runnable(principal.tenantId, planId)
    const { row, version } = runnable
    let definition = runnable.definition
    if (opts.customize) {
      // The changed copy meets the same bounds and rules as a saved plan (e.g. a step's timeout ≤ 86400 s).
      const parsed = PlanDefinitionSchema.safeParse(await opts.customize(structuredClone(definition)))
      if (!parsed.success)
        throw new ValidationError(
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        )
      definition = parsed.data
      const problems = planProblems(definition)
      if (problems.length) {
        const { said, details } = issuesRefusal(problems)
        throw new ValidationError(said, details)
      }
    }
    const plainGiven = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== SENSITIVE_MASK))
    const { issues } = resolveVariables(
      definition.variables.map((v) => (v.type === 'sensitive' && v.default ? { ...v, default: '(set)' } : v)),
      plainGiven,
    )
    if (issues.length) {
      const { said, details } = issuesRefusal(issues)
      throw new ValidationError(said, details)
    }
    const sealed: Record<string, string> = {}
    for (const v of definition.variables) {
      const g = plainGiven[v.name]
      if (v.type === 'sensitive') sealed[v.name] = g !== undefined && g !== '' ? this.keyring.encrypt(g) : v.default
      else sealed[v.name] = g ?? v.default
    }
    const risky: string[] = []
    for (const s of definition.steps)
      if (s.kind === 'script') {
        const sc = await this.scripts.byUuid(principal.tenantId, s.scriptUuid)
        if (!sc) throw new ValidationError(refusal('run.step-script-gone', { step: s.name, script: s.scriptUuid }))
        if (sc.riskLevel === 'HIGH') risky.push(`${s.name} → ${sc.name} (HIGH)`)
      }
    const gate = risky.length > 0
    const previousText = gate ? await this.plans.versionText(row.id, version - 1) : ''
    return async (tx: Tx) => {
      const run = await this.repo.insert(
        tx,
        {
          tenantId: principal.tenantId,
          planId: row.id,
          planName: row.name,
          planVersion: version,
          definition,
          variables: sealed,
          status: gate ? 'waiting_approval' : 'running',
          startedAt: gate ? null : new Date(),
          scheduleId: opts.scheduleId ?? null,
          creatorId: principal.userId,
          creatorName: principal.username,
        },
        definition.steps.map((s, i) => ({ stepIndex: i, name: s.name, kind: s.kind, status: 'pending' as const })),
      )
      if (gate) {
        const approvalId = await this.approvals.open(tx, {
          tenantId: principal.tenantId,
          title: `Run plan ${row.name} v${version}`,
          request: `${principal.username} runs plan ${row.name} (version ${version}) with HIGH-risk steps: ${risky.join('; ')}`,
          risk: 'HIGH',
          targets: this.targetsOf(definition, this.clearValues(definition, sealed)),
          contentDiff: unifiedDiff(previousText, renderPlan(definition)),
          rollback: '',
          approvers: HIGH_RISK_APPROVERS,
          mode: 'any',
          timeoutMin: 24 * 60,
          runId: run.id,
          requester: { id: principal.userId, name: principal.username },
        })
        await this.repo.update(tx, run.id, { approvalId })
      } else await this.enqueue(tx, run.id)
      if (opts.onCreated) await opts.onCreated(tx, run)
      await this.support.record(
        tx,
        principal,
        {
          action: 'plan-run.start',
          targetType: 'plan-run',
          targetId: run.id,
          after: {
            plan: row.name,
            version,
            gate,
            schedule: opts.scheduleId ?? null,
            ...(opts.customize ? { customized: definition.steps.map((s) => s.name) } : {}),
          },
        },
        ctx,
      )
      return run.id
    }
  }

  private clearValues(def: PlanDefinition, sealed: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {}
    for (const v of def.variables) {
      const s = sealed[v.name] ?? ''
      out[v.name] = v.type === 'sensitive' && s ? this.keyring.decrypt(s) : s
    }
    return out
  }

  private targetsOf(def: PlanDefinition, values: Record<string, string>) {
    const all = new Set<string>()
    for (const s of def.steps)
      if (s.kind === 'script' || s.kind === 'file') for (const h of stepHosts(s, def.hosts, values)) all.add(h)
    return [...all]
  }

  // ---- the runner ---------------------------------------------------------------------------------------

  /** Who a run acts as: its creator as they are now (a disabled or deleted creator stops the run). */
  private actingPrincipal(run: PlanRunRow): Promise<Principal> {
    return this.support.actAs(run)
  }

  private lockRun(tx: Tx, runId: string) {
    return this.repo.lock(tx, runId)
  }

  /** Settles a step and, through the machine, the run, in `tx`. */
  private async settleInTx(
    tx: Tx,
    run: PlanRunRow,
    step: PlanRunStepRow,
    outcome: StepOutcome,
    said: InboxPhrase,
    actor: string | null = null,
  ) {
    const def = run.definition.steps[step.stepIndex]!
    const ignoreErrors = 'ignoreErrors' in def ? def.ignoreErrors : false
    const r = settleStep({ kind: step.kind, status: step.status, ignoreErrors }, outcome)
    const now = new Date()
    await this.repo.updateSteps(
      tx,
      run.id,
      { status: r.step, message: renderPhrase(said, 'en-US'), messagePhrase: said, actor, finishedAt: now },
      [step.stepIndex],
    )
    const runSaid = phrase('run.step-ended', { n: step.stepIndex + 1, step: step.name, detail: said })
    await this.repo.update(
      tx,
      run.id,
      r.run
        ? {
            status: r.run,
            message: renderPhrase(runSaid, 'en-US'),
            messagePhrase: runSaid,
            finishedAt: now,
            updatedAt: now,
          }
        : { status: 'running', updatedAt: now },
    )
    if (r.run) {
      await this.tellCreator(tx, run, r.run, runSaid)
      await this.settled(tx, run)
    }
    return r
  }

  private async tellCreator(tx: Tx, run: PlanRunRow, status: RunStatus, said: InboxPhrase | null) {
    await this.support.tellOwner(tx, run, {
      kind: 'plan-run',
      ...composed({
        title: phrase('plan-run.status', { plan: run.planName, runStatus: status }),
        ...(said ? { body: said } : {}),
      }),
      link: `/plan-runs/${run.id}`,
    })
  }

  /**
   * The `plan-run-advance` job: moves the run as far as it can go now. Each decision is made under the run's
   * row lock; a script step's ticket is created between two transactions (the ticket service commits its
   * own), and its end adds the next job.
   */
  async advance(runId: string) {
    // The previous version's text (an approval step's diff) never changes for a run: read once, on the first pass.
    let previousText: string | undefined
    for (let guard = 0; guard < 200; guard++) {
      // What the decision needs from elsewhere (the running step's ticket, the previous version's text for an
      // approval's diff) is read before the transaction: inside it, each read would hold the run's lock and
      // one pooled connection while waiting for a second, and four advancing runs could take the whole pool.
      const seen = await this.repo.peek(this.db, runId)
      if (!seen) return
      const seenStep = seen.steps.find((s) => s.status === 'running')
      const seenTicket =
        seen.run.status === 'running' && seenStep?.executeUuid
          ? {
              uuid: seenStep.executeUuid,
              status: (await this.executions.get(await this.actingPrincipal(seen.run), seenStep.executeUuid)).status,
            }
          : undefined
      previousText ??= seen.run.definition.steps.some((s) => s.kind === 'approval')
        ? await this.plans.versionText(seen.run.planId, seen.run.planVersion - 1)
        : ''
      const diffBase = previousText
      const next = await this.db.transaction(async (tx) => {
        const locked = await this.lockRun(tx, runId)
        if (!locked) return null
        const { run, steps } = locked
        const current = steps.find((s) => s.status === 'running')
        if (run.status === 'running' && (current?.kind === 'script' || current?.kind === 'file')) {
          // A step whose ticket was never recorded: the previous attempt died while creating it.
          if (!current.executeUuid) return { start: current.stepIndex, run }
          // The run moved on between the read and the lock: read again.
          if (seenTicket?.uuid !== current.executeUuid) return 'again' as const
          const outcome = ticketOutcome(seenTicket.status)
          if (!outcome) return null
          await this.settleInTx(
            tx,
            run,
            current,
            outcome,
            phrase('step.ticket-ended', { ticket: current.executeUuid, ticketStatus: seenTicket.status }),
          )
          return 'again' as const
        }
        const action = nextRunAction({
          status: run.status,
          steps: steps.map((s) => {
            const d = run.definition.steps[s.stepIndex]!
            return { kind: s.kind, status: s.status, ignoreErrors: 'ignoreErrors' in d ? d.ignoreErrors : false }
          }),
        })
        if (!action) return null
        const now = new Date()
        if (action.type === 'finish') {
          await this.repo.update(tx, runId, { status: 'finished', finishedAt: now, updatedAt: now })
          await this.tellCreator(tx, run, 'finished', null)
          await this.settled(tx, run)
          return null
        }
        if (action.type === 'stop') {
          await this.repo.update(tx, runId, { status: action.status, finishedAt: now, updatedAt: now })
          await this.settled(tx, run)
          return null
        }
        const def = run.definition.steps[action.index]!
        await this.repo.update(tx, runId, { currentStep: action.index, updatedAt: now })
        const setStep = (v: Partial<PlanRunStepRow>) =>
          this.repo.updateSteps(tx, runId, { startedAt: now, ...v }, [action.index])
        if (def.kind === 'script') {
          await setStep({ status: 'running' })
          return { start: action.index, run }
        }
        if (def.kind === 'confirm') {
          await setStep({ status: 'waiting', message: def.message })
          await this.repo.update(tx, runId, { status: 'waiting' })
          await this.notifyConfirmers(tx, run, def)
          return null
        }
        if (def.kind === 'approval') {
          const values = this.clearValues(run.definition, run.variables)
          const approvalId = await this.approvals.open(tx, {
            tenantId: run.tenantId,
            title: `${run.planName}: ${def.name}`,
            request:
              def.message ||
              `Approve step ${action.index + 1} (${def.name}) of plan ${run.planName} v${run.planVersion}`,
            risk: 'MEDIUM',
            targets: this.targetsOf(run.definition, values),
            contentDiff: unifiedDiff(diffBase, renderPlan(run.definition)),
            rollback: def.rollback,
            approvers: def.approvers,
            mode: def.mode,
            timeoutMin: def.timeoutMin,
            runId,
            requester: { id: run.creatorId, name: run.creatorName },
          })
          await setStep({ status: 'waiting', approvalId, message: def.message })
          await this.repo.update(tx, runId, { status: 'waiting' })
          return null
        }
        // A file step is a push ticket of the file-distribution service, followed like a script step's ticket.
        await setStep({ status: 'running' })
        return { start: action.index, run }
      })
      if (next === null) return
      if (next === 'again') continue
      await this.startTicket(next.run, next.start)
    }
  }

  private async notifyConfirmers(tx: Tx, run: PlanRunRow, def: Extract<PlanStep, { kind: 'confirm' }>) {
    const named = (await Promise.all(def.confirmers.users.map((u) => this.support.identity.userByName(u, tx)))).filter(
      (u) => u && u.tenantId === run.tenantId,
    )
    const byRole = await this.support.identity.enabledWithRoles(run.tenantId, def.confirmers.roles, tx)
    const to = new Map([...named, ...byRole].map((u) => [u!.id, u!]))
    if (!to.size && run.creatorId) to.set(run.creatorId, { id: run.creatorId } as never)
    for (const u of to.values())
      await this.support.tell(tx, run.tenantId, u.id, {
        kind: 'plan-confirm',
        ...composed({ title: phrase('plan-run.confirm', { plan: run.planName, step: def.name }) }, def.message),
        link: `/plan-runs/${run.id}`,
      })
  }

  /**
   * Creates the step's ticket (a script through the executions service, a file push through the files
   * service) and records it; a refusal fails the step.
   */
  private async startTicket(run: PlanRunRow, index: number) {
    const def = run.definition.steps[index]!
    if (def.kind !== 'script' && def.kind !== 'file') return
    let uuid: string
    try {
      const principal = await this.actingPrincipal(run)
      const values = this.clearValues(run.definition, run.variables)
      const hosts = stepHosts(def, run.definition.hosts, values)
      if (def.kind === 'file') {
        const body = PushFilesBodySchema.safeParse({
          fileIds: def.fileIds,
          targetDir: def.targetPath,
          owner: def.owner,
          mode: def.mode,
          resourceIds: hosts,
          timeout: def.timeout,
        })
        if (!body.success)
          throw new ValidationError(body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
        uuid = (await this.files.push(principal, body.data, { requestId: `plan-run:${run.id}`, ip: '' })).executeUuid
        await this.recordTicket(run.id, index, uuid)
        return
      }
      const sizes = stepBatchSizes(def.batching, hosts.length)
      if ('error' in sizes) throw new ValidationError(`hosts: ${sizes.error}`)
      const batches = cut(hosts, sizes.sizes)
      const body: ExecuteScriptBody = {
        execute_param: {
          resourceful: true,
          timeout: def.timeout,
          success_rate: 100,
          execute_user: def.executeUser,
          script_params: def.params.map((p) => ({
            param_name: p.name,
            param_value: p.variable ? (values[p.variable] ?? '') : (p.value ?? ''),
          })),
        },
        execute_batches: batches.map((b, i) => ({
          batch_index: i + 1,
          rotation_strategy: def.batching.pauseAfterEach && i < batches.length - 1 ? 'PAUSE' : 'CONTINUE',
          target_instances: b.map((resource_id) => ({ resource_id })),
        })),
      }
      // A plan step may run up to the bk-job step limit (seed 002: 86400 s), beyond the COC API's 1800.
      uuid = await this.executions.execute(
        principal,
        def.scriptUuid,
        body,
        { requestId: `plan-run:${run.id}`, ip: '' },
        { timeoutMax: PLAN_LIMITS.stepTimeoutMax },
      )
    } catch (err) {
      if (!(err instanceof DomainError)) throw err
      await this.db.transaction(async (tx) => {
        const locked = await this.lockRun(tx, run.id)
        const step = locked?.steps[index]
        if (!locked || step?.status !== 'running' || locked.run.status !== 'running') return
        await this.settleInTx(tx, locked.run, step, 'failed', phrase('step.not-started', { reason: err.message }))
      })
      return
    }
    await this.recordTicket(run.id, index, uuid)
  }

  private async recordTicket(runId: string, index: number, uuid: string) {
    await this.repo.updateSteps(this.db, runId, { executeUuid: uuid }, [index])
  }

  /** Every minute: a job for each running run, in case a ticket's end was missed (belt and braces). */
  async sweep() {
    const live = await this.repo.idsWithStatus('running')
    if (!live.length) return
    await this.db.transaction(async (tx) => {
      for (const id of live) await this.enqueue(tx, id)
    })
  }

  private async onApprovalSettled(tx: Tx, a: ApprovalRow) {
    if (!a.runId) return
    const locked = await this.lockRun(tx, a.runId)
    if (!locked) return
    const { run, steps } = locked
    const now = new Date()
    const why = phrase(
      a.status === 'approved'
        ? 'step.approved'
        : a.status === 'timeout'
          ? 'step.approval-timeout'
          : 'step.approval-rejected',
      {},
    )
    if (run.approvalId === a.id && run.status === 'waiting_approval') {
      if (a.status === 'approved') {
        await this.repo.update(tx, run.id, { status: 'running', startedAt: now, updatedAt: now })
        await this.enqueue(tx, run.id)
      } else {
        const status: RunStatus = a.status === 'rejected' ? 'rejected' : 'canceled'
        await this.repo.update(tx, run.id, {
          status,
          message: renderPhrase(why, 'en-US'),
          messagePhrase: why,
          finishedAt: now,
          updatedAt: now,
        })
        await this.repo.updateSteps(tx, run.id, { status: 'canceled' })
        await this.tellCreator(tx, run, status, why)
        await this.settled(tx, run)
      }
      return
    }
    const step = steps.find((s) => s.approvalId === a.id && s.status === 'waiting')
    if (!step || run.status !== 'waiting') return
    const r = await this.settleInTx(tx, run, step, a.status === 'approved' ? 'ok' : 'canceled', why)
    // A timeout cancels the run; only a reject rejects it.
    if (r.run && a.status === 'timeout') await this.repo.update(tx, run.id, { status: 'canceled' })
    if (!r.run) await this.enqueue(tx, run.id)
  }

  // ---- operator actions ---------------------------------------------------------------------------------

  /** Continue (or terminate the run at) a waiting confirmation step; only its named confirmers may. */
  async confirm(
    principal: Principal,
    runId: string,
    index: number,
    decision: 'continue' | 'terminate',
    remark: string,
  ) {
    await this.db.transaction(async (tx) => {
      const locked = await this.lockRun(tx, runId)
      if (!locked || locked.run.tenantId !== principal.tenantId)
        throw new NotFoundError(refusal('run.not-found', { id: runId }))
      const { run, steps } = locked
      const step = steps[index]
      const def = run.definition.steps[index]
      if (!step || def?.kind !== 'confirm' || step.status !== 'waiting' || run.status !== 'waiting')
        throw new InvalidTransitionError(refusal('run.step-not-waiting', { n: index + 1 }))
      if (!isAllowed(principal, def.confirmers)) throw new ForbiddenError(refusal('run.not-confirmer'))
      const said = remark
        ? phrase(decision === 'continue' ? 'step.continued-remark' : 'step.terminated-remark', {
            actor: principal.username,
            remark,
          })
        : phrase(decision === 'continue' ? 'step.continued' : 'step.terminated', { actor: principal.username })
      const r = await this.settleInTx(
        tx,
        run,
        step,
        decision === 'continue' ? 'ok' : 'canceled',
        said,
        principal.username,
      )
      if (!r.run) await this.enqueue(tx, runId)
      await this.support.record(tx, principal, {
        action: `plan-run.${decision}`,
        targetType: 'plan-run',
        targetId: runId,
        after: { step: index + 1, remark },
      })
    })
    return this.detail(principal, runId)
  }

  /**
   * Locks a run for a change that may close its approvals (cancel), in the one order every path takes: the
   * rows of the approvals it waits for first (the run's gate, its waiting approval steps), then the run's. A
   * decision locks the approval, then the run (onApprovalSettled), as a plan review does (lockForReview), so a
   * cancel racing a decision waits instead of deadlocking, and the later one sees the earlier one's outcome.
   */
  private async lockRunWithApprovals(tx: Tx, runId: string) {
    // The approvals cancel closes: the run's gate and those of its live steps.
    const waitedFor = (run: PlanRunRow, steps: PlanRunStepRow[]) =>
      [
        run.approvalId,
        ...steps.filter((s) => s.status === 'running' || s.status === 'waiting').map((s) => s.approvalId),
      ]
        .filter((id): id is string => !!id)
        .sort()
    const held = new Set<string>()
    for (let attempt = 0; attempt < 3; attempt++) {
      const peek = await this.repo.peek(tx, runId)
      if (!peek) return null
      for (const id of waitedFor(peek.run, peek.steps))
        if (!held.has(id)) {
          await this.approvals.lockInTx(tx, id)
          held.add(id)
        }
      const locked = await this.lockRun(tx, runId)
      if (!locked) return null
      // An approval opened between the two reads (the next step began) is not locked yet: read again.
      if (waitedFor(locked.run, locked.steps).every((id) => held.has(id))) return locked
    }
    throw new ConflictError(refusal('run.changed-while-canceling'))
  }

  /** Cancels a live run: the waiting approval closes, the running ticket is canceled through its service. */
  async cancel(principal: Principal, runId: string, remark: string) {
    const ticket = await this.db.transaction(async (tx) => {
      const locked = await this.lockRunWithApprovals(tx, runId)
      if (!locked || locked.run.tenantId !== principal.tenantId)
        throw new NotFoundError(refusal('run.not-found', { id: runId }))
      const { run, steps } = locked
      // Ended meanwhile (a decision or its last step came first): the loser of that race gets a 409.
      if (!canCancelRun(run.status)) throw new ConflictError(refusal('run.already-ended', { runStatus: run.status }))
      const now = new Date()
      const said = remark
        ? phrase('run.canceled-remark', { actor: principal.username, remark })
        : phrase('run.canceled', { actor: principal.username })
      const message = renderPhrase(said, 'en-US')
      await this.repo.update(tx, runId, {
        status: 'canceled',
        message,
        messagePhrase: said,
        finishedAt: now,
        updatedAt: now,
      })
      const live = steps.filter((s) => s.status === 'running' || s.status === 'waiting')
      if (live.length)
        await this.repo.updateSteps(
          tx,
          runId,
          { status: 'canceled', message, messagePhrase: said, finishedAt: now },
          live.map((s) => s.stepIndex),
        )
      for (const id of [run.approvalId, ...live.map((s) => s.approvalId)])
        if (id) await this.approvals.cancelInTx(tx, id, principal.username)
      await this.settled(tx, run)
      await this.support.record(tx, principal, {
        action: 'plan-run.cancel',
        targetType: 'plan-run',
        targetId: runId,
        after: { remark },
      })
      return live.find((s) => s.executeUuid)?.executeUuid ?? null
    })
    if (ticket)
      await this.executions.operate(principal, ticket, { operation_type: 'CANCEL_ORDER' }).catch((err: unknown) => {
        this.log.warn({ err, runId, ticket }, 'canceling the step ticket failed')
      })
    return this.detail(principal, runId)
  }

  // ---- reads --------------------------------------------------------------------------------------------

  private async toDto(
    principal: Principal,
    run: PlanRunRow,
    steps: PlanRunStepRow[],
    withTickets: boolean,
  ): Promise<PlanRun> {
    const masked: Record<string, string> = {}
    for (const v of run.definition.variables)
      masked[v.name] = v.type === 'sensitive' && run.variables[v.name] ? SENSITIVE_MASK : (run.variables[v.name] ?? '')
    return {
      id: run.id,
      planId: run.planId,
      planName: run.planName,
      planVersion: run.planVersion,
      status: run.status,
      currentStep: run.currentStep,
      variables: masked,
      message: run.message,
      messagePhrase: run.messagePhrase,
      creatorName: run.creatorName,
      scheduleId: run.scheduleId,
      approvalId: run.approvalId,
      createdAt: run.createdAt.toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
      steps: await Promise.all(
        steps.map(async (s) => {
          const def = run.definition.steps[s.stepIndex]
          const ticketStatus =
            withTickets && s.executeUuid
              ? ((await this.executions.get(principal, s.executeUuid).catch(() => null))?.status ?? null)
              : null
          return {
            index: s.stepIndex,
            name: s.name,
            kind: s.kind,
            status: s.status,
            executeUuid: s.executeUuid,
            ticketStatus,
            approvalId: s.approvalId,
            message: s.message,
            messagePhrase: s.messagePhrase,
            actor: s.actor,
            startedAt: s.startedAt?.toISOString() ?? null,
            finishedAt: s.finishedAt?.toISOString() ?? null,
            canConfirm:
              def?.kind === 'confirm' &&
              s.status === 'waiting' &&
              run.status === 'waiting' &&
              isAllowed(principal, def.confirmers),
          }
        }),
      ),
    }
  }

  async detail(principal: Principal, runId: string) {
    const run = await this.repo.byId(principal.tenantId, runId)
    if (!run) throw new NotFoundError(refusal('run.not-found', { id: runId }))
    const steps = await this.repo.steps(runId)
    return this.toDto(principal, run, steps, true)
  }

  async list(principal: Principal, q: { page: number; pageSize: number; planId?: string; status?: RunStatus }) {
    const { rows, total } = await this.repo.page(principal.tenantId, {
      planId: q.planId,
      status: q.status,
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    })
    const steps = await this.repo.stepsOf(rows.map((r) => r.id))
    const items = await Promise.all(
      rows.map((r) =>
        this.toDto(
          principal,
          r,
          steps.filter((s) => s.runId === r.id),
          false,
        ),
      ),
    )
    return { items, total, page: q.page, pageSize: q.pageSize }
  }
}
