import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { bkAppRoutes } from '../../../contract/bk-apps'
import {
  BK_ERRORS,
  BkCommonSchema,
  BizParamsSchema,
  bkCcPath,
  bkJobPath,
  FastExecuteScriptParamsSchema,
  FastPushFileParamsSchema,
  JobInstanceParamsSchema,
  ScriptDetailParamsSchema,
  ScriptListParamsSchema,
} from '../../../contract/bk-job'
import type { BkAppRow } from '../../db/schema'
import { documentBkApi } from '../../lib/bk-api-docs'
import { BkError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import { route } from '../../lib/route'
import type { Services } from '../../services'

export interface BkCall<T> {
  params: T
  principal: Principal
  bkApp: BkAppRow
  ctx: RequestContext
  request: FastifyRequest
}

/** The call's parameters: the query string (GET) and the JSON body (POST), the body winning. */
function input(request: FastifyRequest): Record<string, unknown> {
  const body = request.body
  return {
    ...(request.query as Record<string, unknown>),
    ...(body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {}),
  }
}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || 'params'}: ${i.message}`)
    .join('; ')
}

/**
 * Registers one job API at `/api/c/compapi/v2/job/<name>/` for GET and POST (ESB serves both): the common
 * parameters authenticate the app and name the user (whose role applies), `schema` checks the API's own
 * parameters, and the answer is the BlueKing envelope. Every error is written in the BlueKing body too
 * (errorStyle `bk`).
 */
export function bkApi<S extends z.ZodType>(
  app: FastifyInstance,
  services: Services,
  name: string,
  schema: S,
  handler: (call: BkCall<z.output<S>>) => Promise<unknown>,
  system: 'job' | 'cc' = 'job',
) {
  const url = system === 'cc' ? bkCcPath(name) : bkJobPath(name)
  documentBkApi(app, { name, params: schema, path: url })
  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url,
      config: { access: 'public', errorStyle: 'bk' },
      handler: async (request) => {
        const all = input(request)
        const common = BkCommonSchema.safeParse(all)
        if (!common.success) {
          const appField = common.error.issues.some((i) => String(i.path[0]).startsWith('bk_app'))
          throw new BkError(issues(common.error), appField ? BK_ERRORS.appAuth : BK_ERRORS.userAuth)
        }
        const bkApp = await services.bkApps.authenticate(common.data.bk_app_code, common.data.bk_app_secret)
        const username = common.data.bk_username
        if (!username)
          throw new BkError(
            'bk_username is required (bk_token logins are not supported: apps name the console user)',
            BK_ERRORS.userAuth,
          )
        const principal = await services.auth.principalForUser(username, bkApp.tenantId)
        if (!principal)
          throw new BkError(`User ${username} does not exist or may not act in this project`, BK_ERRORS.userAuth)
        const parsed = schema.safeParse(all)
        if (!parsed.success) throw new BkError(issues(parsed.error), BK_ERRORS.invalidParam)
        const data = await handler({
          params: parsed.data,
          principal,
          bkApp,
          ctx: { requestId: request.id, ip: request.ip },
          request,
        })
        return { result: true, code: 0, message: 'success', data, request_id: request.id }
      },
    })
  }
}

export function registerBkJobRoutes(app: FastifyInstance, services: Services) {
  const { bkJob, bkApps, bkPlanInstances } = services
  bkApi(app, services, 'fast_execute_script', FastExecuteScriptParamsSchema, ({ principal, bkApp, params, ctx }) =>
    bkJob.fastExecuteScript(principal, bkApp, params, ctx),
  )
  bkApi(app, services, 'fast_push_file', FastPushFileParamsSchema, ({ principal, bkApp, params, ctx }) =>
    bkJob.fastPushFile(principal, bkApp, params, ctx),
  )
  // A job instance is a ticket (fast_execute_script, fast_push_file) or a plan run (execute_job).
  bkApi(
    app,
    services,
    'get_job_instance_status',
    JobInstanceParamsSchema,
    async ({ principal, params }) =>
      (await bkPlanInstances.instanceStatus(principal, params)) ?? bkJob.jobInstanceStatus(principal, params),
  )
  bkApi(
    app,
    services,
    'get_job_instance_log',
    JobInstanceParamsSchema,
    async ({ principal, params }) =>
      (await bkPlanInstances.instanceLog(principal, params)) ?? bkJob.jobInstanceLog(principal, params),
  )
  bkApi(app, services, 'get_script_list', ScriptListParamsSchema, ({ principal, params }) =>
    bkJob.scriptList(principal, params),
  )
  bkApi(app, services, 'get_script_detail', ScriptDetailParamsSchema, ({ principal, params }) =>
    bkJob.scriptDetail(principal, params),
  )
  bkApi(app, services, 'get_os_account', BizParamsSchema, ({ principal, params }) =>
    bkJob.osAccounts(principal, params.bk_biz_id),
  )

  route(app, bkAppRoutes.list, ({ principal }) => bkApps.list(principal))
  route(app, bkAppRoutes.create, ({ principal, body, ctx }) => bkApps.create(principal, body, ctx))
  route(app, bkAppRoutes.revoke, ({ principal, params, ctx }) => bkApps.revoke(principal, params.appId, ctx))
}
