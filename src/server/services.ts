import type { Config } from './config'
import type { DbHandle } from './db/client'
import type { Keyring } from './lib/keyring'
import { AuditService } from './modules/audit/audit.service'
import { AuthService } from './modules/identity/auth.service'
import { IdentityRepository } from './modules/identity/identity.repository'
import { UsersService } from './modules/identity/users.service'
import { PrincipalCache } from './modules/identity/principal-cache'
import { AgentGateway } from './agents/gateway'
import { AgentTokensService } from './agents/agent-tokens.service'
import { AgentDispatch } from './agents/agent-dispatch'
import { PgBus } from './lib/pg-bus'
import { CmdbRepository } from './modules/cmdb/cmdb.repository'
import { CmdbService } from './modules/cmdb/cmdb.service'
import { AppsService } from './modules/cmdb/apps.service'
import { MainlineService } from './modules/cmdb/mainline.service'
import { ResourcesService } from './modules/cmdb/resources.service'
import { PatchesRepository } from './modules/patches/patches.repository'
import { PatchesService } from './modules/patches/patches.service'
import { ScansService } from './modules/patches/scans.service'
import { gatewayScanRunner } from './modules/patches/gateway-scan-runner'
import { InboxService } from './modules/inbox/inbox.service'
import { IncidentsService } from './modules/incidents/incidents.service'
import { IntegrationsService } from './modules/integrations/integrations.service'
import { WarRoomsService } from './modules/war-rooms/war-rooms.service'
import { ReviewNotifier } from './modules/scripts/review-notifier'
import { ScriptReviewsService } from './modules/scripts/script-reviews.service'
import { ScriptVersionsService } from './modules/scripts/script-versions.service'
import { ScriptsRepository } from './modules/scripts/scripts.repository'
import { ScriptsService } from './modules/scripts/scripts.service'
import { ExecutionEngine } from './modules/executions/execution-engine'
import { ExecutionEvents } from './modules/executions/execution-events'
import { ExecutionsRepository } from './modules/executions/executions.repository'
import { ExecutionsService } from './modules/executions/executions.service'

/** The domain services of one BFF instance, built once from its dependencies. */
/** Where services log outside a request (notification outcomes); `console` unless the app passes its logger. */
type Log = ConstructorParameters<typeof ReviewNotifier>[1]
const CONSOLE_LOG: Log = { info: () => {}, warn: (obj, msg) => console.warn(msg, obj) }

export function createServices(handle: DbHandle, config: Config, keyring: Keyring, log: Log = CONSOLE_LOG) {
  const db = handle.db
  const audit = new AuditService(db)
  const identityRepo = new IdentityRepository(db)
  const principals = new PrincipalCache()
  const auth = new AuthService(db, identityRepo, keyring, audit, config.sessionHours * 3600 * 1000, principals)
  const users = new UsersService(db, identityRepo, keyring, audit, principals)
  const agentTokens = new AgentTokensService(db, audit)
  const agentGateway = new AgentGateway(db, audit, {
    heartbeatSec: config.agentHeartbeatSec,
    missedBeats: config.agentMissedBeats,
  })
  // Replicas talk through PostgreSQL: commands for agents held by another replica, ticket events, leases.
  const bus = new PgBus(handle, log)
  const agentDispatch = new AgentDispatch(db, bus, agentGateway, keyring, log)
  const cmdbRepo = new CmdbRepository(db)
  const cmdb = new CmdbService(db, cmdbRepo, audit)
  const mainline = new MainlineService(db, cmdbRepo, audit)
  const apps = new AppsService(db, audit)
  const resources = new ResourcesService(cmdbRepo)
  const patchesRepo = new PatchesRepository(db)
  const patches = new PatchesService(db, patchesRepo, audit)
  const patchScans = new ScansService(db, patchesRepo, patches, audit, gatewayScanRunner(cmdbRepo, agentDispatch))
  const inbox = new InboxService(db)
  const scriptsRepo = new ScriptsRepository(db)
  const scriptVersions = new ScriptVersionsService(scriptsRepo, keyring)
  const scriptReviews = new ScriptReviewsService(db, scriptsRepo, scriptVersions, inbox, audit, keyring, config)
  const reviewNotifier = new ReviewNotifier(config, log)
  const scripts = new ScriptsService(db, scriptsRepo, scriptReviews, reviewNotifier, audit, keyring)
  const incidents = new IncidentsService(db, audit)
  const integrations = new IntegrationsService(db, incidents, audit)
  const warRooms = new WarRoomsService(db, audit, inbox, { autoOpen: config.warRoomAutoOpen })
  incidents.onChange((c) => warRooms.onIncidentChange(c))
  const executionsRepo = new ExecutionsRepository(db)
  const executionEvents = new ExecutionEvents(bus)
  const executionEngine = new ExecutionEngine(db, executionsRepo, agentDispatch, bus, keyring, executionEvents, log, {
    reattachGraceMs: config.executionReattachSec * 1000,
    leaseTtlMs: config.executionLeaseSec * 1000,
  })
  const executions = new ExecutionsService(db, executionsRepo, scriptsRepo, executionEngine, audit, keyring)
  return {
    handle,
    db,
    config,
    keyring,
    audit,
    identityRepo,
    auth,
    users,
    agentTokens,
    agentGateway,
    bus,
    agentDispatch,
    cmdbRepo,
    cmdb,
    mainline,
    apps,
    resources,
    patches,
    patchScans,
    inbox,
    scriptsRepo,
    scriptVersions,
    scriptReviews,
    reviewNotifier,
    scripts,
    incidents,
    integrations,
    warRooms,
    executionsRepo,
    executionEvents,
    executionEngine,
    executions,
  }
}
export type Services = ReturnType<typeof createServices>
