import type { Config } from './config'
import type { DbHandle } from './db/client'
import type { Keyring } from './lib/keyring'
import { AuditService } from './modules/audit/audit.service'
import { AuthService } from './modules/identity/auth.service'
import { IdentityRepository } from './modules/identity/identity.repository'
import { UsersService } from './modules/identity/users.service'
import { AgentGateway } from './agents/gateway'
import { AgentTokensService } from './agents/agent-tokens.service'
import { CmdbRepository } from './modules/cmdb/cmdb.repository'
import { CmdbService } from './modules/cmdb/cmdb.service'
import { AppsService } from './modules/cmdb/apps.service'
import { MainlineService } from './modules/cmdb/mainline.service'
import { ResourcesService } from './modules/cmdb/resources.service'
import { PatchesRepository } from './modules/patches/patches.repository'
import { PatchesService } from './modules/patches/patches.service'
import { ScansService } from './modules/patches/scans.service'
import { gatewayScanRunner } from './modules/patches/gateway-scan-runner'

/** The domain services of one BFF instance, built once from its dependencies. */
export function createServices(handle: DbHandle, config: Config, keyring: Keyring) {
  const db = handle.db
  const audit = new AuditService(db)
  const identityRepo = new IdentityRepository(db)
  const auth = new AuthService(db, identityRepo, keyring, audit, config.sessionHours * 3600 * 1000)
  const users = new UsersService(db, identityRepo, keyring, audit)
  const agentTokens = new AgentTokensService(db, audit)
  const agentGateway = new AgentGateway(db, audit, { heartbeatSec: config.agentHeartbeatSec, missedBeats: config.agentMissedBeats })
  const cmdbRepo = new CmdbRepository(db)
  const cmdb = new CmdbService(db, cmdbRepo, audit)
  const mainline = new MainlineService(db, cmdbRepo, audit)
  const apps = new AppsService(db, audit)
  const resources = new ResourcesService(cmdbRepo)
  const patchesRepo = new PatchesRepository(db)
  const patches = new PatchesService(db, patchesRepo, audit)
  const patchScans = new ScansService(db, patchesRepo, patches, audit, gatewayScanRunner(cmdbRepo, agentGateway))
  return { handle, db, config, keyring, audit, identityRepo, auth, users, agentTokens, agentGateway, cmdbRepo, cmdb, mainline, apps, resources,
    patches, patchScans }
}
export type Services = ReturnType<typeof createServices>
