import type { Config } from './config'
import type { DbHandle } from './db/client'
import type { Keyring } from './lib/keyring'
import { AuditService } from './modules/audit/audit.service'
import { AuthService } from './modules/identity/auth.service'
import { IdentityRepository } from './modules/identity/identity.repository'
import { UsersService } from './modules/identity/users.service'
import { InboxService } from './modules/inbox/inbox.service'
import { ReviewNotifier } from './modules/scripts/review-notifier'
import { ScriptReviewsService } from './modules/scripts/script-reviews.service'
import { ScriptVersionsService } from './modules/scripts/script-versions.service'
import { ScriptsRepository } from './modules/scripts/scripts.repository'
import { ScriptsService } from './modules/scripts/scripts.service'

/** The domain services of one BFF instance, built once from its dependencies. */
/** Where services log outside a request (notification outcomes); `console` unless the app passes its logger. */
type Log = ConstructorParameters<typeof ReviewNotifier>[1]
const CONSOLE_LOG: Log = { info: () => {}, warn: (obj, msg) => console.warn(msg, obj) }

export function createServices(handle: DbHandle, config: Config, keyring: Keyring, log: Log = CONSOLE_LOG) {
  const db = handle.db
  const audit = new AuditService(db)
  const identityRepo = new IdentityRepository(db)
  const auth = new AuthService(db, identityRepo, keyring, audit, config.sessionHours * 3600 * 1000)
  const users = new UsersService(db, identityRepo, keyring, audit)
  const inbox = new InboxService(db)
  const scriptsRepo = new ScriptsRepository(db)
  const scriptVersions = new ScriptVersionsService(scriptsRepo, keyring)
  const scriptReviews = new ScriptReviewsService(db, scriptsRepo, scriptVersions, inbox, audit, keyring, config)
  const reviewNotifier = new ReviewNotifier(config, log)
  const scripts = new ScriptsService(db, scriptsRepo, scriptReviews, reviewNotifier, audit, keyring)
  return { handle, db, config, keyring, audit, identityRepo, auth, users, inbox, scriptsRepo, scriptVersions, scriptReviews, reviewNotifier, scripts }
}
export type Services = ReturnType<typeof createServices>
