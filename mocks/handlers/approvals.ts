import { approvalOutcome, approvalRoutes, canWithdraw, standingOf } from '../../src/contract/approvals'
import { db, page } from '../db'
import { MockError, mockRoute } from '../mock-route'
import { settleMockApproval } from './job-plans'
import { requireScriptUser } from './script-access'
import { refusal } from '../../src/contract/refusal-text'

type MockApproval = (typeof db.approvals)[number]

function find(id: string) {
  const a = db.approvals.find((x) => x.id === id)
  if (!a) throw new MockError(404, 'NOT_FOUND', refusal('approval.not-found', { id }))
  return a
}

const standing = (a: MockApproval) => {
  const u = requireScriptUser()
  if (a.status !== 'pending') return null
  return standingOf(a.approvers, a.votes, u.username, u.role)
}

/** As the BFF: only a console run's approval (no plan run) may be withdrawn, by its requester or an admin. */
const withdrawable = (a: MockApproval) => {
  const u = requireScriptUser()
  return canWithdraw(
    { status: a.status, isConsoleRun: a.runId === null, isRequester: a.requester === u.username },
    u.role,
  )
}

const view = ({ votes: _v, ...a }: MockApproval) => ({
  ...a,
  canDecide: standing({ ...a, votes: _v }) !== null,
  canWithdraw: withdrawable({ ...a, votes: _v }),
})

function decide(a: MockApproval, decision: 'approve' | 'reject', remark: string) {
  const u = requireScriptUser()
  if (a.status !== 'pending')
    throw new MockError(
      409,
      'CONFLICT',
      a.status === 'canceled'
        ? refusal('approval.closed')
        : a.status === 'withdrawn'
          ? refusal('approval.withdrawn')
          : refusal('approval.already-decided', { approvalStatus: a.status }),
    )
  if (!standing(a)) throw new MockError(403, 'FORBIDDEN', refusal('approval.not-approver'))
  a.votes.push({ actor: u.username, role: u.role, action: decision })
  a.timeline.push({ at: new Date().toISOString(), actor: u.username, action: decision, remark, target: null })
  const outcome = approvalOutcome(a.approvers, a.mode, a.votes)
  if (outcome !== 'pending') {
    a.status = outcome
    a.decidedAt = new Date().toISOString()
    settleMockApproval(a.id, outcome === 'approved')
  }
  return view(a)
}

/** Approval links in the mock are `mock-<approval id>`; the BFF signs real ones. */
const byToken = (token: string) => find(token.replace(/^mock-/, ''))

export const approvalHandlers = [
  mockRoute(approvalRoutes.list, ({ query }) => {
    requireScriptUser()
    let rows = db.approvals.filter((a) => !query.status || a.status === query.status)
    if (query.mine) rows = rows.filter((a) => standing(a))
    const p = page(rows, query.page, query.pageSize)
    return { ...p, items: p.items.map(view) }
  }),
  mockRoute(approvalRoutes.detail, ({ params }) => view(find(params.approvalId))),
  mockRoute(approvalRoutes.decide, ({ params, body }) => decide(find(params.approvalId), body.decision, body.remark)),
  mockRoute(approvalRoutes.delegate, ({ params, body }) => {
    const u = requireScriptUser()
    const a = find(params.approvalId)
    if (!standing(a)) throw new MockError(403, 'FORBIDDEN', refusal('approval.not-approver'))
    if (!db.users.some((x) => x.username === body.to))
      throw new MockError(400, 'VALIDATION', refusal('approval.no-user', { user: body.to }))
    a.votes.push({ actor: u.username, role: u.role, action: 'delegate', target: body.to })
    a.timeline.push({
      at: new Date().toISOString(),
      actor: u.username,
      action: 'delegate',
      remark: body.remark,
      target: body.to,
    })
    return view(a)
  }),
  mockRoute(approvalRoutes.withdraw, ({ params, body }) => {
    const u = requireScriptUser()
    const a = find(params.approvalId)
    if (a.status !== 'pending')
      throw new MockError(
        409,
        'CONFLICT',
        a.status === 'withdrawn'
          ? refusal('withdraw.already')
          : refusal('withdraw.not-waiting', { requestStatus: a.status }),
      )
    if (!withdrawable(a)) throw new MockError(403, 'FORBIDDEN', refusal('withdraw.not-requester'))
    a.status = 'withdrawn'
    a.decidedAt = new Date().toISOString()
    a.timeline.push({ at: a.decidedAt, actor: u.username, action: 'withdraw', remark: body.remark, target: null })
    return view(a)
  }),
  mockRoute(approvalRoutes.link, ({ params }) => view(byToken(params.token))),
  mockRoute(approvalRoutes.decideByLink, ({ params, body }) =>
    decide(byToken(params.token), body.decision, body.remark),
  ),
]
