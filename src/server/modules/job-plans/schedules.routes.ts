import type { FastifyInstance } from 'fastify'
import { scheduleRoutes } from '../../../contract/schedules'
import { route } from '../../lib/route'
import type { Services } from '../../services'

/** Schedules of plan runs (bk-job cron). */
export function registerScheduleRoutes(app: FastifyInstance, { planSchedules: schedules }: Services) {
  route(app, scheduleRoutes.list, ({ principal, query }) => schedules.list(principal, query))
  route(app, scheduleRoutes.preview, ({ body }) => schedules.preview(body.expression, body.timeZone))
  route(app, scheduleRoutes.create, ({ principal, body, ctx }) => schedules.create(principal, body, ctx))
  route(app, scheduleRoutes.detail, ({ principal, params }) => schedules.detail(principal, params.scheduleId))
  route(app, scheduleRoutes.update, ({ principal, params, body, ctx }) =>
    schedules.update(principal, params.scheduleId, body, ctx),
  )
  route(app, scheduleRoutes.setEnabled, ({ principal, params, body }) =>
    schedules.setEnabled(principal, params.scheduleId, body.enabled),
  )
  route(app, scheduleRoutes.fires, ({ principal, params, query }) =>
    schedules.fires(principal, params.scheduleId, query),
  )
}
