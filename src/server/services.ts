import type { FastifyBaseLogger } from 'fastify'
import type { Config } from './config'
import type { DbHandle } from './db/client'
import type { Keyring } from './lib/keyring'
import { type Log, SILENT_LOG } from './lib/log'
import { AuditRepository } from './modules/audit/audit.repository'
import { AuditService } from './modules/audit/audit.service'
import { AuthService } from './modules/identity/auth.service'
import { IdentityRepository } from './modules/identity/identity.repository'
import { UsersService } from './modules/identity/users.service'
import { SecurityRepository } from './modules/security/security.repository'
import { SecurityService } from './modules/security/security.service'
import { PrincipalCache } from './modules/identity/principal-cache'
import { AgentGateway } from './agents/gateway'
import { AgentTokensService } from './agents/agent-tokens.service'
import { AgentCredentialsService } from './agents/agent-credentials.service'
import { AgentsRepository } from './agents/agents.repository'
import { AgentDispatch } from './agents/agent-dispatch'
import { PgBus } from './lib/pg-bus'
import { LiveEvents } from './modules/live/live-events'
import { ClusterService } from './modules/health/cluster.service'
import { replicaBeats } from './jobs/worker-liveness'
import { serverInfo } from './db/server-info'
import { CmdbRepository } from './modules/cmdb/cmdb.repository'
import { CmdbService } from './modules/cmdb/cmdb.service'
import { CustomQueriesRepository } from './modules/cmdb/custom-queries.repository'
import { CustomQueriesService } from './modules/cmdb/custom-queries.service'
import { AppsRepository } from './modules/cmdb/apps.repository'
import { AppsService } from './modules/cmdb/apps.service'
import { MainlineRepository } from './modules/cmdb/mainline.repository'
import { MainlineService } from './modules/cmdb/mainline.service'
import { ResourcesService } from './modules/cmdb/resources.service'
import { PatchesRepository } from './modules/patches/patches.repository'
import { PatchesService } from './modules/patches/patches.service'
import { ScansService } from './modules/patches/scans.service'
import { PatchNowService } from './modules/patches/patch-now.service'
import { gatewayScanRunner } from './modules/patches/gateway-scan-runner'
import { InboxRepository } from './modules/inbox/inbox.repository'
import { InboxService } from './modules/inbox/inbox.service'
import { AlarmInboxRepository } from './modules/incidents/alarm-inbox.repository'
import { IncidentsRepository } from './modules/incidents/incidents.repository'
import { IncidentsService } from './modules/incidents/incidents.service'
import { IntegrationsService } from './modules/incidents/integrations.service'
import { WarRoomsService } from './modules/war-rooms/war-rooms.service'
import { WarRoomsRepository } from './modules/war-rooms/war-rooms.repository'
import { ReviewNotifier } from './modules/scripts/review-notifier'
import { ReviewDeliveries } from './modules/scripts/review-deliveries'
import { RetentionService } from './modules/retention/retention.service'
import { JobQueue } from './jobs/job-queue'
import { ScriptReviewsService } from './modules/scripts/script-reviews.service'
import { ScriptVersionsService } from './modules/scripts/script-versions.service'
import { ScriptsRepository } from './modules/scripts/scripts.repository'
import { ScriptsService } from './modules/scripts/scripts.service'
import { ExecutionEngine } from './modules/executions/execution-engine'
import { ExecutionEvents } from './modules/executions/execution-events'
import { ExecutionsRepository } from './modules/executions/executions.repository'
import { ExecutionsService } from './modules/executions/executions.service'
import { Mailer } from './modules/notifications/mailer'
import { ChannelsService } from './modules/notifications/channels.service'
import { DeliveriesService } from './modules/notifications/deliveries.service'
import { NotificationsRepository } from './modules/notifications/notifications.repository'
import { Notifier } from './modules/notifications/notifier'
import { TicketSubscriptionsService } from './modules/notifications/ticket-subscriptions.service'
import { OncallRepository } from './modules/oncall/oncall.repository'
import { People } from './modules/oncall/people'
import { SchedulesService } from './modules/oncall/schedules.service'
import { PoliciesService } from './modules/oncall/policies.service'
import { PagingService } from './modules/oncall/paging.service'
import { ApprovalsRepository } from './modules/approvals/approvals.repository'
import { ApprovalsService } from './modules/approvals/approvals.service'
import { JobPlansRepository } from './modules/job-plans/job-plans.repository'
import { JobPlansService } from './modules/job-plans/job-plans.service'
import { PlanRunsRepository } from './modules/job-plans/plan-runs.repository'
import { SchedulesRepository as PlanSchedulesRepository } from './modules/job-plans/schedules.repository'
import { PlanRunsService } from './modules/job-plans/plan-runs.service'
import { ExecutionRequestsRepository } from './modules/job-plans/execution-requests.repository'
import { ExecutionRequestsService } from './modules/job-plans/execution-requests.service'
import { SchedulesService as PlanSchedulesService } from './modules/job-plans/schedules.service'
import { PlanSupport } from './modules/job-plans/plan-support'
import { BkPlansService } from './modules/job-plans/bk-plans.service'
import { BkPlanInstancesRepository } from './modules/job-plans/bk-plan-instances.repository'
import { BkPlanInstancesService } from './modules/job-plans/bk-plan-instances.service'
import { BkStepCustomizer } from './modules/job-plans/bk-plan-steps'
import { BkJobRepository } from './modules/bk-job/bk-job.repository'
import { BkAppsService } from './modules/bk-job/bk-apps.service'
import { BkJobService } from './modules/bk-job/bk-job.service'
import { FilesRepository } from './modules/files/files.repository'
import { FilesService } from './modules/files/files.service'

/**
 * The domain services of one BFF instance, built once from its dependencies. `log` is the app logger: each
 * module logs through a child naming it, outside any request (engine steps, listeners, dropped errors).
 */

/** A logger that makes children (pino, or Fastify's silent logger in tests). */
type AppLog = Pick<FastifyBaseLogger, 'child'>
/** Start-up seeding outside an app (prepareDatabase, the cluster primary) builds services that log nowhere. */
const SILENT_APP_LOG = { child: () => SILENT_LOG } as unknown as AppLog

export function createServices(handle: DbHandle, config: Config, keyring: Keyring, log: AppLog = SILENT_APP_LOG) {
  const child = (module: string): Log => log.child({ module })
  const db = handle.db
  const jobs = new JobQueue()
  const audit = new AuditService(new AuditRepository(db))
  const identityRepo = new IdentityRepository(db)
  const security = new SecurityRepository(db)
  // Replicas talk through PostgreSQL: commands for agents held by another replica, ticket events, leases,
  // cache invalidations.
  const bus = new PgBus(handle, child('bus'))
  const principals = new PrincipalCache()
  principals.attach(bus)
  const auth = new AuthService(
    db,
    identityRepo,
    new SecurityService(security, child('security')),
    keyring,
    audit,
    config.sessionHours * 3600 * 1000,
    principals,
    child('auth'),
    { attempts: config.loginMaxAttempts, windowMs: config.loginWindowSec * 1000 },
  )
  const users = new UsersService(db, identityRepo, keyring, audit, principals)
  const agentsRepo = new AgentsRepository(db)
  const agentTokens = new AgentTokensService(db, agentsRepo, audit)
  const agentCredentials = new AgentCredentialsService(db, agentsRepo, audit)
  const cmdbRepo = new CmdbRepository(db)
  const cmdb = new CmdbService(db, cmdbRepo, audit)
  const agentGateway = new AgentGateway(
    db,
    audit,
    { heartbeatSec: config.agentHeartbeatSec, missedBeats: config.agentMissedBeats },
    child('agents'),
    agentCredentials,
    cmdb,
  )
  const agentDispatch = new AgentDispatch(agentsRepo, bus, agentGateway, keyring, child('agent-dispatch'))
  const mainline = new MainlineService(db, cmdbRepo, new MainlineRepository(), audit)
  const apps = new AppsService(db, new AppsRepository(db), audit)
  const resources = new ResourcesService(cmdbRepo)
  const customQueries = new CustomQueriesService(db, new CustomQueriesRepository(db), cmdbRepo, audit)
  const patchesRepo = new PatchesRepository(db)
  const patches = new PatchesService(db, patchesRepo, audit, cmdb)
  const scanRunner = gatewayScanRunner(cmdb, agentDispatch)
  const patchScans = new ScansService(db, patchesRepo, patches, audit, scanRunner, jobs, child('patch-scans'))
  // Live incident, war-room and inbox events: published in the change's transaction, heard by every replica.
  const liveEvents = new LiveEvents(bus)
  const inbox = new InboxService(new InboxRepository(db), liveEvents)
  const scriptsRepo = new ScriptsRepository(db)
  const scriptVersions = new ScriptVersionsService(scriptsRepo, keyring)
  const reviewNotifier = new ReviewNotifier(config, child('script-reviews'))
  // notification_deliveries belong to the notifications module; review requests are recorded through it.
  const notificationsRepo = new NotificationsRepository(db)
  const deliveries = new DeliveriesService(notificationsRepo)
  const reviewDeliveries = new ReviewDeliveries(
    db,
    deliveries,
    jobs,
    reviewNotifier,
    inbox,
    keyring,
    { maxAttempts: config.notifyMaxAttempts },
    child('review-deliveries'),
  )
  const scriptReviews = new ScriptReviewsService(
    db,
    scriptsRepo,
    scriptVersions,
    inbox,
    audit,
    keyring,
    config,
    reviewDeliveries,
  )
  const scripts = new ScriptsService(db, scriptsRepo, scriptReviews, audit, keyring, config, users)
  const incidentsRepo = new IncidentsRepository(db)
  const incidents = new IncidentsService(db, incidentsRepo, audit, users, child('incidents'))
  const integrations = new IntegrationsService(
    db,
    incidentsRepo,
    incidents,
    audit,
    child('integrations'),
    new AlarmInboxRepository(db),
    bus,
  )
  // Incident and war-room changes reach every replica's live streams with their commit.
  incidents.onChangeInTx((tx, changes) => liveEvents.incidentsChanged(tx, changes))
  const warRooms = new WarRoomsService(
    db,
    new WarRoomsRepository(db),
    incidents,
    users,
    audit,
    inbox,
    { autoOpen: config.warRoomAutoOpen },
    child('war-rooms'),
    liveEvents,
  )
  // A war room follows its incident through the queue: the job commits with the incident change, runs on any
  // replica, and the one 'war-rooms' queue keeps an incident's changes in order.
  incidents.onChangeInTx((tx, changes) =>
    jobs.addMany(
      tx,
      changes
        .filter((c) => warRooms.followsChange(c))
        .map(({ incident, action, from, to }) => ({
          task: 'war-room-incident-change' as const,
          payload: { incidentId: incident.id, action, from, to },
          opts: { queueName: 'war-rooms' },
        })),
    ),
  )
  // On-call: schedules and policies decide who is paged; the paging follows incidents through the queue too.
  const mailer = new Mailer(config)
  const channels = new ChannelsService(db, notificationsRepo, keyring, audit, mailer)
  const notifier = new Notifier(
    db,
    jobs,
    inbox,
    channels,
    deliveries,
    keyring,
    { maxAttempts: config.notifyMaxAttempts, publicUrl: config.publicUrl },
    child('notifications'),
  )
  const people = new People(users)
  const oncallRepo = new OncallRepository(db)
  const schedules = new SchedulesService(db, oncallRepo, audit, people)
  const policies = new PoliciesService(db, oncallRepo, audit, schedules, people)
  const paging = new PagingService(
    db,
    oncallRepo,
    jobs,
    incidents,
    schedules,
    policies,
    people,
    notifier,
    child('paging'),
  )
  incidents.onChangeInTx((tx, changes) => paging.onIncidentChanges(tx, changes))
  notifier.onFailure((tx, f) => paging.onDeliveryFailure(tx, f))
  scriptReviews.notifyReviewersWith((tx, to, n) =>
    notifier
      .notify(
        tx,
        [to],
        { ...n, kind: 'script.review-requested', urgency: 'low', targetType: 'script', targetId: n.scriptUuid },
        { inbox: false },
      )
      .then(() => {}),
  )
  warRooms.resolveAdminWith((incident) => paging.firstResponder(incident))
  const executionsRepo = new ExecutionsRepository(db)
  const cluster = new ClusterService({
    beats: () => replicaBeats(db),
    agentsByReplica: () => agentsRepo.sessionsByReplica(),
    ticketsByReplica: () => executionsRepo.leasesByOwner(),
    database: () => serverInfo(handle),
  })
  const executionEvents = new ExecutionEvents(child('tickets'), bus)
  const executionEngine = new ExecutionEngine(
    db,
    executionsRepo,
    agentDispatch,
    bus,
    keyring,
    executionEvents,
    child('execution-engine'),
    {
      reattachGraceMs: config.executionReattachSec * 1000,
      leaseTtlMs: config.executionLeaseSec * 1000,
    },
  )
  const executions = new ExecutionsService(db, executionsRepo, scripts, cmdb, executionEngine, audit, keyring)
  const ticketSubscriptions = new TicketSubscriptionsService(db, notificationsRepo, jobs, executions, users, notifier)
  executionsRepo.onStatusInTx((tx, orderId, status) => ticketSubscriptions.onStatus(tx, orderId, status))
  const files = new FilesService(
    db,
    new FilesRepository(db, handle.pool),
    audit,
    keyring,
    executions,
    agentCredentials,
    config,
  )
  const retention = new RetentionService(
    {
      ticketLogs: (days, n) => executions.purgeLogBatch(days, n),
      alarms: (days, n) => integrations.purgeAlarmBatch(days, n),
      audit: (days, n) => audit.purgeBatch(days, n),
      inbox: (days, n) => inbox.purgeBatch(days, n),
      notificationDeliveries: (days, n) => deliveries.purgeBatch(days, n),
      abandonedUploads: (days, n) => files.purgeAbandonedUploads(days, n),
    },
    config.retention,
    child('retention'),
  )
  const approvals = new ApprovalsService(db, new ApprovalsRepository(db), users, inbox, jobs, audit, keyring)
  const jobPlansRepo = new JobPlansRepository(db)
  const planSchedulesRepo = new PlanSchedulesRepository(db)
  const jobPlans = new JobPlansService(db, jobPlansRepo, scripts, audit, keyring, approvals, cmdb, users)
  // Plan runs and schedules act as their creator, tell them in the inbox and audit through one helper.
  const planSupport = new PlanSupport(users, inbox, audit)
  const planRuns = new PlanRunsService(
    db,
    new PlanRunsRepository(db),
    jobPlans,
    executions,
    executionEngine,
    scripts,
    approvals,
    files,
    planSupport,
    jobs,
    keyring,
    child('plan-runs'),
  )
  // Console runs of HIGH-risk scripts by non-admins wait for an approval, as plan runs with such a script do.
  const executionRequests = new ExecutionRequestsService(
    db,
    new ExecutionRequestsRepository(db),
    executions,
    scripts,
    approvals,
    planSupport,
    jobs,
    keyring,
    child('execution-requests'),
  )
  const planSchedules = new PlanSchedulesService(
    db,
    planSchedulesRepo,
    jobPlans,
    planRuns,
    planSupport,
    jobs,
    keyring,
    child('schedules'),
    { lateAfterMs: config.scheduleLateSec * 1000 },
  )
  const bkJobRepo = new BkJobRepository(db)
  const bkApps = new BkAppsService(db, bkJobRepo, audit)
  const bkJob = new BkJobService(bkJobRepo, executions, cmdb, customQueries, scripts, files, jobs, config)
  const bkPlans = new BkPlansService(
    jobPlansRepo,
    planSchedulesRepo,
    jobPlans,
    bkJob,
    planRuns,
    planSchedules,
    scripts,
    files,
    new BkStepCustomizer(bkJob, scripts, files),
  )
  const bkPlanInstances = new BkPlanInstancesService(new BkPlanInstancesRepository(db), bkJob, executions)
  // A ticket or plan run started through the job API queues its bk_callback_url in the transaction that settles it.
  executionEngine.onSettledInTx((tx, orderId) => bkJob.onSettled(tx, orderId))
  planRuns.onSettledInTx((tx, run) => bkJob.onSettled(tx, run.bkInstanceId))
  const patchNow = new PatchNowService(patchesRepo, scanRunner, scripts, executions)
  return {
    handle,
    db,
    config,
    keyring,
    audit,
    identityRepo,
    auth,
    security,
    users,
    agentTokens,
    agentCredentials,
    agentGateway,
    bus,
    agentDispatch,
    cmdbRepo,
    cmdb,
    mainline,
    apps,
    resources,
    customQueries,
    patches,
    patchScans,
    patchNow,
    inbox,
    scriptsRepo,
    scriptVersions,
    scriptReviews,
    reviewNotifier,
    reviewDeliveries,
    scripts,
    incidents,
    integrations,
    warRooms,
    executionsRepo,
    executionEvents,
    executionEngine,
    executions,
    approvals,
    jobPlans,
    planRuns,
    executionRequests,
    planSchedules,
    bkJobRepo,
    bkApps,
    bkJob,
    bkPlans,
    bkPlanInstances,
    files,
    jobs,
    retention,
    liveEvents,
    cluster,
    mailer,
    channels,
    deliveries,
    notifier,
    people,
    schedules,
    policies,
    paging,
    ticketSubscriptions,
  }
}
export type Services = ReturnType<typeof createServices>
