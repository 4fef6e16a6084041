import { phrase, renderPhrase } from '../../src/contract/inbox-text'
import type { Approval } from '../../src/contract/approvals'
import {
  type JobPlan,
  jobPlanRoutes,
  type PlanRun,
  planProblems,
  resolveVariables,
  unknownHostIssues,
  unknownUserIssues,
} from '../../src/contract/job-plans'
import { hasPermission } from '../../src/contract/permissions'
import { canCancelRun, nextRunAction, settleStep } from '../../src/contract/plan-run-machine'
import { db, page } from '../db'
import { MockError, mockRoute } from '../mock-route'
import { requireScriptUser } from './script-access'
import { issuesRefusal, refusal } from '../../src/contract/refusal-text'

const now = () => new Date().toISOString()

function findPlan(id: string) {
  const p = db.jobPlans.find((x) => x.id === id)
  if (!p) throw new MockError(404, 'NOT_FOUND', refusal('plan.not-found', { id }))
  return p
}
function findRun(id: string) {
  const r = db.planRuns.find((x) => x.id === id)
  if (!r) throw new MockError(404, 'NOT_FOUND', refusal('run.not-found', { id }))
  return r
}

/**
 * The mock's runner, on the contract's machine: script and file steps finish at once (the mock has no
 * agents), a confirmation waits for Continue, an approval opens a pending approval.
 */
export function advanceMockRun(run: PlanRun, plan: JobPlan) {
  for (let guard = 0; guard < 100; guard++) {
    const action = nextRunAction({
      status: run.status,
      steps: run.steps.map((s, i) => {
        const d = plan.steps[i]!
        return { kind: s.kind, status: s.status, ignoreErrors: 'ignoreErrors' in d ? d.ignoreErrors : false }
      }),
    })
    if (!action) return
    if (action.type === 'finish') {
      run.status = 'finished'
      run.finishedAt = now()
      return
    }
    if (action.type === 'stop') {
      run.status = action.status
      return
    }
    const step = run.steps[action.index]!
    const def = plan.steps[action.index]!
    run.currentStep = action.index
    step.startedAt = now()
    if (def.kind === 'confirm') {
      step.status = 'waiting'
      step.message = def.message
      run.status = 'waiting'
      return
    }
    if (def.kind === 'approval') {
      const approval: Approval & { votes: [] } = {
        id: crypto.randomUUID(),
        title: `${plan.name}: ${def.name}`,
        request: def.message,
        risk: 'MEDIUM',
        targets: plan.hosts,
        contentDiff: '',
        rollback: def.rollback,
        approvers: def.approvers,
        mode: def.mode,
        status: 'pending',
        requester: run.creatorName,
        runId: run.id,
        timeoutAt: new Date(Date.now() + def.timeoutMin * 60_000).toISOString(),
        createdAt: now(),
        decidedAt: null,
        timeline: [{ at: now(), actor: run.creatorName, action: 'create', remark: def.message, target: null }],
        canDecide: false,
        canWithdraw: false,
        votes: [],
      }
      db.approvals.unshift(approval)
      step.status = 'waiting'
      step.approvalId = approval.id
      run.status = 'waiting'
      return
    }
    step.status = 'finished'
    step.ticketStatus = def.kind === 'script' ? 'FINISHED' : null
    step.finishedAt = now()
  }
}

/** An approval of a run settled (from the approvals mock). */
export function settleMockApproval(approvalId: string, approved: boolean) {
  const run = db.planRuns.find((r) => r.steps.some((s) => s.approvalId === approvalId))
  if (!run) return
  const plan = findPlan(run.planId)
  const step = run.steps.find((s) => s.approvalId === approvalId)!
  const r = settleStep({ kind: step.kind, status: step.status, ignoreErrors: false }, approved ? 'ok' : 'canceled')
  step.status = r.step
  step.finishedAt = now()
  run.status = r.run ?? 'running'
  advanceMockRun(run, plan)
}

const view = (run: PlanRun): PlanRun => {
  const user = requireScriptUser()
  const plan = db.jobPlans.find((p) => p.id === run.planId)
  return {
    ...run,
    steps: run.steps.map((s, i) => {
      const d = plan?.steps[i]
      const allowed =
        d?.kind === 'confirm' &&
        (d.confirmers.users.length || d.confirmers.roles.length
          ? d.confirmers.users.includes(user.username) || d.confirmers.roles.includes(user.role)
          : hasPermission(user.role, 'executions:run'))
      return { ...s, canConfirm: Boolean(allowed) && s.status === 'waiting' && run.status === 'waiting' }
    }),
  }
}

/** What the BFF refuses in a plan it is asked to save: definition problems, unknown hosts and users. */
function checkPlan(body: Parameters<typeof planProblems>[0]) {
  const issues = [
    ...planProblems(body),
    ...unknownHostIssues(body, new Set(db.cmdb.hosts.map((h) => h.resourceId))),
    ...unknownUserIssues(body, new Set(db.users.filter((u) => !u.disabled).map((u) => u.username))),
  ]
  if (issues.length) {
    const { said, details } = issuesRefusal(issues)
    throw new MockError(400, 'VALIDATION', said, details)
  }
}
export const jobPlanHandlers = [
  mockRoute(jobPlanRoutes.list, ({ query }) => {
    requireScriptUser()
    const rows = db.jobPlans.filter((p) => !query.name || p.name.toLowerCase().includes(query.name.toLowerCase()))
    return page(rows, query.page, query.pageSize)
  }),
  mockRoute(jobPlanRoutes.create, ({ body }) => {
    const user = requireScriptUser()
    checkPlan(body)
    if (db.jobPlans.some((p) => p.name === body.name))
      throw new MockError(409, 'CONFLICT', refusal('plan.name-taken', { name: body.name }))
    const plan: JobPlan = {
      ...body,
      id: crypto.randomUUID(),
      version: 1,
      status: 'active',
      creatorName: user.username,
      updatedBy: user.username,
      createdAt: now(),
      updatedAt: now(),
    }
    db.jobPlans.unshift(plan)
    return plan
  }),
  mockRoute(jobPlanRoutes.detail, ({ params }) => findPlan(params.planId)),
  mockRoute(jobPlanRoutes.update, ({ params, body }) => {
    const user = requireScriptUser()
    const plan = findPlan(params.planId)
    checkPlan(body)
    if (body.name !== plan.name && db.jobPlans.some((p) => p.name === body.name))
      throw new MockError(409, 'CONFLICT', refusal('plan.name-taken', { name: body.name }))
    Object.assign(plan, body, { version: plan.version + 1, updatedBy: user.username, updatedAt: now() })
    return plan
  }),
  mockRoute(jobPlanRoutes.versions, ({ params }) => {
    const plan = findPlan(params.planId)
    const {
      id: _i,
      name: _n,
      version,
      status: _s,
      creatorName: _c,
      updatedBy,
      createdAt: _a,
      updatedAt,
      ...definition
    } = plan
    return [{ version, definition, createdBy: updatedBy, createdAt: updatedAt }]
  }),
  mockRoute(jobPlanRoutes.review, ({ params, body }) => {
    const plan = findPlan(params.planId)
    if (plan.status !== 'pending_review')
      throw new MockError(
        409,
        'CONFLICT',
        refusal('plan.not-pending-review', { plan: plan.name, version: plan.version, planStatus: plan.status }),
      )
    plan.status = body.decision === 'approve' ? 'active' : 'rejected'
    return plan
  }),
  mockRoute(jobPlanRoutes.run, ({ params, body }) => {
    const user = requireScriptUser()
    const plan = findPlan(params.planId)
    const { values, issues } = resolveVariables(plan.variables, body.variables)
    if (issues.length) {
      const { said, details } = issuesRefusal(issues)
      throw new MockError(400, 'VALIDATION', said, details)
    }
    const run: PlanRun = {
      id: crypto.randomUUID(),
      planId: plan.id,
      planName: plan.name,
      planVersion: plan.version,
      status: 'running',
      currentStep: 0,
      variables: Object.fromEntries(
        plan.variables.map((v) => [
          v.name,
          v.type === 'sensitive' && values[v.name] ? '******' : (values[v.name] ?? ''),
        ]),
      ),
      steps: plan.steps.map((s, index) => ({
        index,
        name: s.name,
        kind: s.kind,
        status: 'pending',
        executeUuid: null,
        ticketStatus: null,
        approvalId: null,
        message: '',
        messagePhrase: null,
        actor: null,
        startedAt: null,
        finishedAt: null,
        canConfirm: false,
      })),
      message: '',
      messagePhrase: null,
      creatorName: user.username,
      scheduleId: null,
      approvalId: null,
      createdAt: now(),
      startedAt: now(),
      finishedAt: null,
    }
    db.planRuns.unshift(run)
    advanceMockRun(run, plan)
    return view(run)
  }),
  mockRoute(jobPlanRoutes.runs, ({ query }) => {
    requireScriptUser()
    const rows = db.planRuns.filter(
      (r) => (!query.planId || r.planId === query.planId) && (!query.status || r.status === query.status),
    )
    const p = page(rows, query.page, query.pageSize)
    return { ...p, items: p.items.map(view) }
  }),
  mockRoute(jobPlanRoutes.runDetail, ({ params }) => view(findRun(params.runId))),
  mockRoute(jobPlanRoutes.confirm, ({ params, body }) => {
    const user = requireScriptUser()
    const run = findRun(params.runId)
    const step = run.steps[params.stepIndex]
    if (!view(run).steps[params.stepIndex]?.canConfirm || !step)
      throw new MockError(400, 'INVALID_TRANSITION', refusal('run.step-not-waiting', { n: params.stepIndex + 1 }))
    const r = settleStep(
      { kind: step.kind, status: step.status, ignoreErrors: false },
      params.decision === 'continue' ? 'ok' : 'canceled',
    )
    step.status = r.step
    step.actor = user.username
    const continued = params.decision === 'continue'
    step.messagePhrase = body.remark
      ? phrase(continued ? 'step.continued-remark' : 'step.terminated-remark', {
          actor: user.username,
          remark: body.remark,
        })
      : phrase(continued ? 'step.continued' : 'step.terminated', { actor: user.username })
    step.message = renderPhrase(step.messagePhrase, 'en-US')
    step.finishedAt = now()
    run.status = r.run ?? 'running'
    advanceMockRun(run, findPlan(run.planId))
    return view(run)
  }),
  mockRoute(jobPlanRoutes.cancel, ({ params }) => {
    const run = findRun(params.runId)
    if (!canCancelRun(run.status))
      throw new MockError(409, 'CONFLICT', refusal('run.already-ended', { runStatus: run.status }))
    run.status = 'canceled'
    for (const s of run.steps) if (s.status === 'running' || s.status === 'waiting') s.status = 'canceled'
    return view(run)
  }),
]
