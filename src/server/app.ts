import { randomUUID } from 'node:crypto'
import fastifyCookie from '@fastify/cookie'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { validatorCompiler } from 'fastify-type-provider-zod'
import { type Config, loadConfig } from './config'
import type { DbHandle } from './db/client'
import { migrate } from './db/migrate'
import { BK_ERRORS } from '../contract/bk-job'
import { BkError, NotFoundError } from './lib/errors'
import { errorHandler, toDomainError, writeError } from './lib/error-handler'
import { endEventStreams } from './lib/event-stream'
import { type Keyring, loadKeyring } from './lib/keyring'
import { QuietRequestLog } from './lib/request-log'
import { responseSerializerCompiler } from './lib/response-serializer'
import { bootstrapIdentity } from './modules/identity/bootstrap'
import { registerHealthRoutes } from './modules/health/health.routes'
import { registerIamRoutes } from './modules/identity/iam.routes'
import { registerIdentityRoutes } from './modules/identity/identity.routes'
import { registerDocsRoutes } from './modules/health/docs.routes'
import { registerAgentRoutes } from './agents/agent.routes'
import { registerCmdbRoutes } from './modules/cmdb/cmdb.routes'
import { registerCustomQueryRoutes } from './modules/cmdb/custom-queries.routes'
import { seedDemoCmdb } from './modules/cmdb/demo-seed'
import { registerPatchRoutes } from './modules/patches/patches.routes'
import { registerInboxRoutes } from './modules/inbox/inbox.routes'
import { registerIncidentRoutes } from './modules/incidents/incidents.routes'
import { registerWarRoomRoutes } from './modules/war-rooms/war-rooms.routes'
import { registerScriptRoutes } from './modules/scripts/scripts.routes'
import { registerDeliveryRoutes } from './modules/scripts/deliveries.routes'
import { registerExecutionRoutes } from './modules/executions/executions.routes'
import { registerLiveRoutes } from './modules/live/live.routes'
import { registerOncallRoutes } from './modules/oncall/oncall.routes'
import { registerChannelRoutes, registerTicketSubscriptionRoutes } from './modules/notifications/channels.routes'
import { seedDemoOncall } from './modules/oncall/demo-oncall'
import { registerApprovalRoutes } from './modules/approvals/approvals.routes'
import { registerJobPlanRoutes } from './modules/job-plans/job-plans.routes'
import { registerBkPlanRoutes } from './modules/job-plans/bk-plans.routes'
import { registerScheduleRoutes } from './modules/job-plans/schedules.routes'
import { registerBkJobRoutes } from './modules/bk-job/bk-job.routes'
import { registerFileRoutes } from './modules/files/files.routes'
import { authPlugin, authenticate } from './plugins/auth'
import { registerApiRateLimit, registerSecurityHeaders } from './plugins/security-headers'
import { staticPlugin } from './plugins/static'
import { registerWebsocket } from './plugins/websocket'
import { createServices, type Services } from './services'
import { type JobWorker, startJobWorker } from './jobs/job-worker'
import { refusal } from '../contract/refusal-text'

export interface AppDeps {
  db: DbHandle
  config?: Partial<Config>
  keyring?: Keyring
  /** Fastify logger options; `false` in tests. */
  logger?: FastifyServerOptions['logger']
  /** Where bootstrap messages (the generated admin password) go. */
  print?: (line: string) => void
  /** The cluster primary already ran `prepareDatabase`: replicas skip it. */
  prepared?: boolean
}

const STARTUP_LOCK = 727275

/**
 * Migrations, identity bootstrap and the demo seeds, once per start of the whole console. An advisory lock
 * serialises consoles starting at once against one PostgreSQL (separate machines): the second finds the
 * work done. Idempotent.
 */
export async function prepareDatabase(
  handle: DbHandle,
  config: Config,
  keyring: Keyring,
  print: (line: string) => void = (line) => console.log(line),
) {
  await migrate(handle)
  await handle.withConnection(async (lock) => {
    await lock.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK])
    try {
      const services = createServices(handle, config, keyring)
      const { tenant } = await bootstrapIdentity({
        db: services.db,
        repo: services.identityRepo,
        users: services.users,
        config,
        print,
      })
      if (config.demoSeed) {
        await seedDemoCmdb(services.db, tenant.id)
        await seedDemoOncall(
          { users: services.users, schedules: services.schedules, policies: services.policies },
          tenant.id,
          config.adminBootstrap?.split(':')[0] || 'admin',
        )
      }
      if (config.bkAppBootstrap) await services.bkApps.bootstrap(tenant.id, config.bkAppBootstrap)
      if (config.integrationKeyBootstrap) {
        await services.integrations.bootstrap(tenant.id, config.integrationKeyBootstrap)
      }
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK])
    }
  })
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/
/** Longest path parameter the router matches; the contract's own limits (≤ 255) apply below it. */
const MAX_PARAM_LENGTH = 1024

/**
 * Builds the BFF: migrations and bootstrap, then plugins → modules → error and not-found handlers,
 * in that fixed order (fastify/demo app.ts). The caller owns listening and the database handle's life.
 */
export async function buildApp(deps: AppDeps): Promise<App> {
  const config: Config = { ...loadConfig(), ...deps.config }
  const keyring = deps.keyring ?? loadKeyring(config)
  if (!deps.prepared) await prepareDatabase(deps.db, config, keyring, deps.print)
  const app = Fastify({
    logger: deps.logger === undefined ? false : deps.logger,
    // Per-request lines at debug (5xx and slow ones at info): see QuietRequestLog.
    logController: new QuietRequestLog(),
    // Honour a caller's X-Request-Id (so a trace spans the gateway) when it is sane, else make one.
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    },
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    // The seeds allow path parameters of 255 characters (incident_num, integration_key); longer ones up to
    // this bound reach the route's schema and get its 400, beyond it frameworkErrors below answers.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Fastify's own URL errors (over-long parameter, malformed escape) are written before any route or hook:
    // give them the family's body and X-Request-Id like every other error.
    frameworkErrors: (error, request, reply) => writeError(request, reply, toDomainError(error)),
  })
  const services = createServices(deps.db, config, keyring, app.log)
  // Listening on the bus before anything is served: agents connecting here are reachable from other replicas.
  await services.bus.ready()
  // Events published while this replica's LISTEN connection was down never arrive: its streams end and resume.
  services.bus.onReset(() => endEventStreams(app))

  // Before any route: a route picks up the error handler in force when it is built (an awaited register
  // builds the routes before it), so setting it late silently left some routes on Fastify's default body.
  app.setErrorHandler(errorHandler)
  app.addHook('onClose', async () => {
    services.mailer.close()
    await services.agentDispatch.stop()
    await services.bus.close()
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(responseSerializerCompiler)
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id)
  })

  await registerSecurityHeaders(app, config)
  await registerApiRateLimit(app, services.security, config)
  await app.register(fastifyCookie)
  await app.register(authPlugin, { auth: services.auth })
  await registerWebsocket(app)

  registerHealthRoutes(app, services)
  registerIamRoutes(app, services)
  registerIdentityRoutes(app, services)
  registerAgentRoutes(app, services)
  registerCmdbRoutes(app, services)
  registerCustomQueryRoutes(app, services)
  registerPatchRoutes(app, services)
  registerScriptRoutes(app, services)
  registerDeliveryRoutes(app, services)
  registerExecutionRoutes(app, services)
  registerBkJobRoutes(app, services)
  registerFileRoutes(app, services)
  registerInboxRoutes(app, services)
  registerIncidentRoutes(app, services)
  registerWarRoomRoutes(app, services)
  registerLiveRoutes(app, services)
  registerOncallRoutes(app, services)
  registerChannelRoutes(app, services)
  registerTicketSubscriptionRoutes(app, services)
  registerJobPlanRoutes(app, services)
  registerApprovalRoutes(app, services)
  registerScheduleRoutes(app, services)
  registerBkPlanRoutes(app, services)
  registerDocsRoutes(app)

  if (config.staticDir) await app.register(staticPlugin, { root: config.staticDir })

  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/c/compapi/'))
      return writeError(
        request,
        reply,
        new BkError(`The API does not exist: ${request.url.split('?')[0]}`, BK_ERRORS.apiNotFound, 404),
      )
    if (app.spaFallback?.(request, reply)) return reply
    // Unknown /v1 paths still demand credentials first, like the COC gateway: no route map for strangers.
    if (request.url.startsWith('/v1')) {
      try {
        await authenticate(request, services.auth)
      } catch (err) {
        return writeError(request, reply, toDomainError(err))
      }
      return writeError(
        request,
        reply,
        new NotFoundError(`The API does not exist: ${request.method} ${request.url.split('?')[0]}`, 'APIGW.0101'),
      )
    }
    return writeError(
      request,
      reply,
      new NotFoundError(refusal('route.none', { method: request.method, path: request.url.split('?')[0] })),
    )
  })

  // Every replica runs a worker of the durable job queue (unless JOB_WORKER=0).
  const jobWorker = config.jobWorker
    ? await startJobWorker({ handle: deps.db, services, config, log: app.log })
    : undefined
  // The worker stops first: jobs in flight (a host's patch scan too) finish (graphile-worker's graceful
  // shutdown), none is taken after.
  app.addHook('onClose', async () => {
    await jobWorker?.stop()
  })
  // Every replica folds the alarm inbox (one at a time across replicas); what a replica accepted before a
  // crash is folded by the next sweep of any replica.
  services.integrations.startFolding()
  // Alarms being appended finish, and the fold in progress commits, before the caller closes the database.
  app.addHook('onClose', async () => {
    await services.integrations.stopFolding()
  })
  return Object.assign(app as unknown as FastifyInstance, { services, jobWorker })
}

/**
 * The built app; `services` lets tests and the agent gateway reach the domain services, `jobWorker` (absent
 * with JOB_WORKER=0) this replica's queue worker.
 */
export type App = FastifyInstance & { services: Services; jobWorker: JobWorker | undefined }
