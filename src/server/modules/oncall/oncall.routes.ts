import type { FastifyInstance } from 'fastify'
import { oncallRoutes } from '../../../contract/oncall'
import { route } from '../../lib/route'
import type { Services } from '../../services'

/** Schedules, overrides, escalation policies and an incident's paging. */
export function registerOncallRoutes(app: FastifyInstance, { schedules, policies, paging, people }: Services) {
  const ok = { ok: true as const }
  route(app, oncallRoutes.listSchedules, ({ principal }) => schedules.list(principal.tenantId))
  route(app, oncallRoutes.createSchedule, ({ principal, body, ctx }) => schedules.create(principal, body, ctx))
  route(app, oncallRoutes.updateSchedule, ({ principal, params, body, ctx }) =>
    schedules.update(principal, params.scheduleId, body, ctx),
  )
  route(app, oncallRoutes.deleteSchedule, async ({ principal, params, ctx }) => {
    await schedules.remove(principal, params.scheduleId, ctx)
    return ok
  })
  route(app, oncallRoutes.shifts, ({ principal, params, query }) =>
    schedules.shifts(principal.tenantId, params.scheduleId, Date.parse(query.from), Date.parse(query.to)),
  )
  route(app, oncallRoutes.createOverride, ({ principal, params, body, ctx }) =>
    schedules.addOverride(principal, params.scheduleId, body, ctx),
  )
  route(app, oncallRoutes.deleteOverride, ({ principal, params, ctx }) =>
    schedules.removeOverride(principal, params.scheduleId, params.overrideId, ctx),
  )
  route(app, oncallRoutes.listPolicies, ({ principal }) => policies.list(principal.tenantId))
  route(app, oncallRoutes.createPolicy, ({ principal, body, ctx }) => policies.create(principal, body, ctx))
  route(app, oncallRoutes.updatePolicy, ({ principal, params, body, ctx }) =>
    policies.update(principal, params.policyId, body, ctx),
  )
  route(app, oncallRoutes.deletePolicy, async ({ principal, params, ctx }) => {
    await policies.remove(principal, params.policyId, ctx)
    return ok
  })
  route(app, oncallRoutes.paging, ({ principal, params }) => paging.view(principal.tenantId, params.incident_num))
  route(app, oncallRoutes.people, ({ principal }) => people.enabled(principal.tenantId))
}
