import type { FastifyInstance } from 'fastify'
import {
  CronListParamsSchema,
  ExecuteJobParamsSchema,
  JobDetailParamsSchema,
  JobListParamsSchema,
  SaveCronParamsSchema,
  UpdateCronStatusParamsSchema,
} from '../../../contract/bk-plans'
import type { Services } from '../../services'
import { bkApi } from '../bk-job/bk-job.routes'

/** BlueKing job API over plans and schedules, on the job API framework (app auth, envelope, error codes). */
export function registerBkPlanRoutes(app: FastifyInstance, services: Services) {
  const { bkPlans } = services
  bkApi(app, services, 'get_job_list', JobListParamsSchema, ({ principal, params }) =>
    bkPlans.jobList(principal, params),
  )
  bkApi(app, services, 'get_job_detail', JobDetailParamsSchema, ({ principal, params }) =>
    bkPlans.jobDetail(principal, params),
  )
  bkApi(app, services, 'execute_job', ExecuteJobParamsSchema, ({ principal, bkApp, params, ctx }) =>
    bkPlans.executeJob(principal, bkApp, params, ctx),
  )
  bkApi(app, services, 'get_cron_list', CronListParamsSchema, ({ principal, params }) =>
    bkPlans.cronList(principal, params),
  )
  bkApi(app, services, 'save_cron', SaveCronParamsSchema, ({ principal, params, ctx }) =>
    bkPlans.saveCron(principal, params, ctx),
  )
  bkApi(app, services, 'update_cron_status', UpdateCronStatusParamsSchema, ({ principal, params }) =>
    bkPlans.updateCronStatus(principal, params),
  )
}
