import { buildApp, type App } from '../app'
import type { Config } from '../config'
import type { DbHandle } from '../db/client'
import type { Keyring } from '../lib/keyring'
import { type AgentProcess, spawnAgent, waitFor } from './agent-process'
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

/**
 * Real agent processes enrolled in the default tenant and connected to `app` (listening on `port`), one per
 * host, each waited for up to a minute. One that does not connect stops them all and fails with their logs.
 */
export async function connectAgents(
  app: App,
  port: number,
  hosts: Omit<Parameters<typeof spawnAgent>[0], 'server' | 'token'>[],
  description?: string,
): Promise<AgentProcess[]> {
  const { token } = await enrollmentToken(app, description)
  const agents = hosts.map((h) => spawnAgent({ server: `http://127.0.0.1:${port}`, token, ...h }))
  try {
    for (const { sn } of hosts) await waitFor(() => app.services.agentGateway.isConnected(sn), 60_000, `agent ${sn}`)
  } catch (err) {
    await Promise.all(agents.map((a) => a.stop()))
    throw new Error(`${(err as Error).message}\n${agents.map((a) => a.logs.join('')).join('\n')}`)
  }
  return agents
}
