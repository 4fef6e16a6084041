import type { Config } from './config'
import type { DbHandle } from './db/client'
import type { Keyring } from './lib/keyring'
import { AuditService } from './modules/audit/audit.service'
import { AuthService } from './modules/identity/auth.service'
import { IdentityRepository } from './modules/identity/identity.repository'
import { UsersService } from './modules/identity/users.service'
import { PatchesRepository } from './modules/patches/patches.repository'
import { PatchesService } from './modules/patches/patches.service'
import { ScansService } from './modules/patches/scans.service'

/** The domain services of one BFF instance, built once from its dependencies. */
export function createServices(handle: DbHandle, config: Config, keyring: Keyring) {
  const db = handle.db
  const audit = new AuditService(db)
  const identityRepo = new IdentityRepository(db)
  const auth = new AuthService(db, identityRepo, keyring, audit, config.sessionHours * 3600 * 1000)
  const users = new UsersService(db, identityRepo, keyring, audit)
  const patchesRepo = new PatchesRepository(db)
  const patches = new PatchesService(db, patchesRepo, audit)
  const patchScans = new ScansService(db, patchesRepo, patches, audit)
  return { handle, db, config, keyring, audit, identityRepo, auth, users, patches, patchScans }
}
export type Services = ReturnType<typeof createServices>
