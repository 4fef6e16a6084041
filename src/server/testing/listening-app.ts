import { buildApp, type App } from '../app'
import type { Config } from '../config'
import type { DbHandle } from '../db/client'
import type { Keyring } from '../lib/keyring'
import { ADMIN } from './test-app'

/**
 * A BFF on a real local port, for tests with real agent processes: the test admin, no SPA, `config` on top.
 * `port` 0 picks a free one; a restarted console passes the port it had, so its agents find it again.
 */
export async function listeningApp(db: DbHandle, keyring: Keyring, config: Partial<Config>, port = 0) {
  const app = await buildApp({
    db,
    keyring,
    print: () => {},
    config: {
      adminBootstrap: `${ADMIN.username}:${ADMIN.password}`,
      demoSeed: false,
      staticDir: undefined,
      ...config,
    },
  })
  await app.listen({ port, host: '127.0.0.1' })
  return { app, port: (app.server.address() as { port: number }).port }
}

/** An agent enrollment token of the default tenant, and the tenant's id. */
export async function enrollmentToken(app: App, description = 'it') {
  const tenant = (await app.services.identityRepo.tenantByName('default'))!
  const { token } = await app.services.agentTokens.create(
    { userId: null, username: 'test', tenantId: tenant.id },
    { description },
  )
  return { token, tenantId: tenant.id }
}
