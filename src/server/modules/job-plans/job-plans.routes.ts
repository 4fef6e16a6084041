import type { FastifyInstance } from 'fastify'
import { jobPlanRoutes } from '../../../contract/job-plans'
import { route } from '../../lib/route'
import type { Services } from '../../services'

/** Job plans and their runs (console API). */
export function registerJobPlanRoutes(app: FastifyInstance, { jobPlans, planRuns }: Services) {
  route(app, jobPlanRoutes.list, ({ principal, query }) => jobPlans.list(principal, query))
  route(app, jobPlanRoutes.create, ({ principal, body, ctx }) => jobPlans.create(principal, body, ctx))
  route(app, jobPlanRoutes.detail, ({ principal, params }) => jobPlans.detail(principal, params.planId))
  route(app, jobPlanRoutes.update, ({ principal, params, body, ctx }) =>
    jobPlans.update(principal, params.planId, body, ctx),
  )
  route(app, jobPlanRoutes.versions, ({ principal, params }) => jobPlans.versions(principal, params.planId))
  route(app, jobPlanRoutes.review, ({ principal, params, body }) =>
    jobPlans.review(principal, params.planId, body.decision, body.remark),
  )
  route(app, jobPlanRoutes.run, ({ principal, params, body, ctx }) =>
    planRuns.start(principal, params.planId, body.variables, ctx),
  )
  route(app, jobPlanRoutes.runs, ({ principal, query }) => planRuns.list(principal, query))
  route(app, jobPlanRoutes.runDetail, ({ principal, params }) => planRuns.detail(principal, params.runId))
  route(app, jobPlanRoutes.confirm, ({ principal, params, body }) =>
    planRuns.confirm(principal, params.runId, params.stepIndex, params.decision, body.remark),
  )
  route(app, jobPlanRoutes.cancel, ({ principal, params, body }) =>
    planRuns.cancel(principal, params.runId, body.remark),
  )
}
