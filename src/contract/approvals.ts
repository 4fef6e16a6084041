import { z } from 'zod'
import { PageQuerySchema, TimestampSchema } from './common'
import { defineRoute, pageOf } from './http'
import { ActorsSchema } from './job-plans'
import { isAdminRole, type Role } from './permissions'

/**
 * Approvals (ITSM create_ticket / operate_node): a plan's approval step, or a run with a HIGH-risk script,
 * waits for approvers (users or roles, any or all) to approve or reject with a remark; delegate hands a
 * pending approver's turn to another user; a timeout cancels.
 */
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'timeout', 'canceled', 'withdrawn'] as const
export const ApprovalStatusSchema = z.enum(APPROVAL_STATUSES)
export type ApprovalStatus = z.infer<typeof ApprovalStatusSchema>

export const ApprovalEventSchema = z.object({
  at: TimestampSchema,
  actor: z.string(),
  action: z.enum(['create', 'approve', 'reject', 'delegate', 'timeout', 'cancel', 'withdraw']),
  remark: z.string(),
  /** For delegate: who received the turn. */
  target: z.string().nullable(),
})
export type ApprovalEvent = z.infer<typeof ApprovalEventSchema>

export const ApprovalSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** What is asked for (the run, the plan, who asked). */
  request: z.string(),
  risk: z.enum(['LOW', 'MEDIUM', 'HIGH']),
  /** Target hosts (names or resource ids). */
  targets: z.array(z.string()),
  /** Unified diff of the plan content against the previous version (empty for a first version). */
  contentDiff: z.string(),
  rollback: z.string(),
  approvers: ActorsSchema,
  mode: z.enum(['any', 'all']),
  status: ApprovalStatusSchema,
  requester: z.string(),
  runId: z.string().nullable(),
  timeoutAt: TimestampSchema,
  createdAt: TimestampSchema,
  decidedAt: TimestampSchema.nullable(),
  timeline: z.array(ApprovalEventSchema),
  /** The caller is a pending approver. */
  canDecide: z.boolean(),
  /** The caller may withdraw the request this approval holds (see `canWithdraw`). */
  canWithdraw: z.boolean(),
})
export type Approval = z.infer<typeof ApprovalSchema>

export const ApprovalListQuerySchema = PageQuerySchema.extend({
  status: ApprovalStatusSchema.optional(),
  /** Only approvals the caller may decide now. */
  mine: z.coerce.boolean().optional(),
})
export const DecideBodySchema = z.object({
  decision: z.enum(['approve', 'reject']),
  remark: z.string().max(512).default(''),
})
export const DelegateBodySchema = z.object({
  to: z.string().min(1).max(64),
  remark: z.string().max(512).default(''),
})

export const WithdrawBodySchema = z.object({
  remark: z.string().max(512).default(''),
})

/**
 * Who may withdraw a waiting request: only a HIGH-risk console run (`isConsoleRun`: the approval guards an
 * execution request, not a plan run or plan review) while its approval is pending, by whoever asked for it or
 * an admin. Withdrawing ends the request (`withdrawn`) and closes the approval; nothing runs.
 */
export function canWithdraw(
  a: { status: ApprovalStatus; isConsoleRun: boolean; isRequester: boolean },
  callerRole: Role,
): boolean {
  return a.status === 'pending' && a.isConsoleRun && (a.isRequester || isAdminRole(callerRole))
}

const idParams = z.object({ approvalId: z.string().uuid() })
const tokenParams = z.object({ token: z.string().min(10).max(256) })

export const approvalRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/approvals',
    query: ApprovalListQuerySchema,
    response: pageOf(ApprovalSchema),
    summary: 'Approvals of this tenant (mine=true: waiting for me)',
    access: 'read',
  }),
  detail: defineRoute({
    method: 'GET',
    path: '/api/approvals/:approvalId',
    params: idParams,
    response: ApprovalSchema,
    summary: 'An approval with its timeline',
    access: 'read',
  }),
  decide: defineRoute({
    method: 'POST',
    path: '/api/approvals/:approvalId/decision',
    params: idParams,
    body: DecideBodySchema,
    response: ApprovalSchema,
    summary: 'Approve or reject (a pending approver)',
    access: 'authenticated',
  }),
  delegate: defineRoute({
    method: 'POST',
    path: '/api/approvals/:approvalId/delegate',
    params: idParams,
    body: DelegateBodySchema,
    response: ApprovalSchema,
    summary: 'Hand the caller’s turn to another user of the tenant',
    access: 'authenticated',
  }),
  withdraw: defineRoute({
    method: 'POST',
    path: '/api/approvals/:approvalId/withdraw',
    params: idParams,
    body: WithdrawBodySchema,
    response: ApprovalSchema,
    summary: 'Withdraw the waiting HIGH-risk console run this approval holds (its requester or an admin)',
    access: 'authenticated',
  }),
  link: defineRoute({
    method: 'GET',
    path: '/api/approval-links/:token',
    params: tokenParams,
    response: ApprovalSchema,
    summary: 'The approval behind a signed link (bound to its approver, expiring, single-use)',
    access: 'authenticated',
  }),
  decideByLink: defineRoute({
    method: 'POST',
    path: '/api/approval-links/:token',
    params: tokenParams,
    body: DecideBodySchema,
    response: ApprovalSchema,
    summary: 'Approve or reject through a signed link',
    access: 'authenticated',
  }),
}

/** One recorded vote or hand-over, as the pure rules below read them. */
export interface ApprovalVote {
  actor: string
  role: string | null
  action: 'approve' | 'reject' | 'delegate'
  /** A delegate's vote counts as the vote of the approver who handed the turn over. */
  onBehalfOf?: { user: string; role: string | null } | null
  /** delegate: who received the turn. */
  target?: string | null
}

type Actors = { users: string[]; roles: string[] }

const qualifies = (a: Actors, user: string, role: string | null) =>
  a.users.includes(user) || (role !== null && a.roles.includes(role))

/**
 * Whose standing `user` acts with: their own when they are an approver, else that of an approver who
 * delegated to them (and has not voted). Null: they may not decide.
 */
export function standingOf(
  approvers: Actors,
  votes: ApprovalVote[],
  user: string,
  role: string | null,
): { user: string; role: string | null } | null {
  const voted = (u: string) => votes.some((v) => v.action !== 'delegate' && (v.actor === u || v.onBehalfOf?.user === u))
  const handedOver = (u: string) => votes.some((v) => v.action === 'delegate' && v.actor === u)
  if (qualifies(approvers, user, role) && !voted(user) && !handedOver(user)) return { user, role }
  for (const v of votes)
    if (v.action === 'delegate' && v.target === user && !voted(v.actor)) {
      const from = v.onBehalfOf ?? { user: v.actor, role: v.role }
      if (!voted(from.user)) return from
    }
  return null
}

/**
 * The outcome of the votes so far. Any reject rejects. `any`: one approval passes. `all`: every named user
 * approved (themselves or through a delegate) and every named role has an approval by a holder.
 */
export function approvalOutcome(
  approvers: Actors,
  mode: 'any' | 'all',
  votes: ApprovalVote[],
): 'pending' | 'approved' | 'rejected' {
  if (votes.some((v) => v.action === 'reject')) return 'rejected'
  const approves = votes.filter((v) => v.action === 'approve')
  if (mode === 'any') return approves.length ? 'approved' : 'pending'
  const as = approves.map((v) => v.onBehalfOf ?? { user: v.actor, role: v.role })
  const usersOk = approvers.users.every((u) => as.some((a) => a.user === u))
  const rolesOk = approvers.roles.every((r) => as.some((a) => a.role === r))
  return usersOk && rolesOk ? 'approved' : 'pending'
}
