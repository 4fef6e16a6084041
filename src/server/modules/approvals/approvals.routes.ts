import type { FastifyInstance } from 'fastify'
import { approvalRoutes } from '../../../contract/approvals'
import { route } from '../../lib/route'
import type { Services } from '../../services'

/** Approvals: inbox, detail with timeline, votes, delegation and signed links. */
export function registerApprovalRoutes(app: FastifyInstance, { approvals, executionRequests }: Services) {
  route(app, approvalRoutes.list, ({ principal, query }) => approvals.list(principal, query))
  route(app, approvalRoutes.detail, ({ principal, params }) => approvals.detail(principal, params.approvalId))
  route(app, approvalRoutes.decide, ({ principal, params, body }) =>
    approvals.decide(principal, params.approvalId, body.decision, body.remark),
  )
  route(app, approvalRoutes.delegate, ({ principal, params, body }) =>
    approvals.delegate(principal, params.approvalId, body.to, body.remark),
  )
  route(app, approvalRoutes.withdraw, async ({ principal, params, body, ctx }) => {
    await executionRequests.withdraw(principal, params.approvalId, body.remark, ctx)
    return approvals.detail(principal, params.approvalId)
  })
  route(app, approvalRoutes.link, ({ principal, params }) => approvals.byLink(principal, params.token))
  route(app, approvalRoutes.decideByLink, ({ principal, params, body }) =>
    approvals.decideByLink(principal, params.token, body.decision, body.remark),
  )
}
