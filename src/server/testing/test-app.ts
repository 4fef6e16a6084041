import { randomBytes } from 'node:crypto'
import { afterEach } from 'vitest'
import { type AppDeps, buildApp, type App } from '../app'
import type { Config } from '../config'
import type { DbHandle } from '../db/client'
import { Keyring } from '../lib/keyring'
import { testDb } from './test-db'

export const ADMIN = { username: 'admin', password: 'admin-test-pw' }
export const AKSK = { ak: 'TESTACCESSKEY0000001', sk: 'test-secret-key-0123456789abcdefghijklmn' }

const open: App[] = []
afterEach(async () => {
  await Promise.all(
    open.splice(0).map(async (app) => {
      await app.close()
      await app.services.handle.close()
    }),
  )
})

/** `buildApp` over a fresh test database with a known admin, AK/SK and the demo users; closed after each test. */
export async function testApp(
  overrides: {
    demoSeed?: boolean
    autoClose?: boolean
    config?: Partial<Config>
    db?: DbHandle
    logger?: AppDeps['logger']
  } = {},
): Promise<App> {
  const app = await buildApp({
    db: overrides.db ?? (await testDb()),
    keyring: new Keyring(randomBytes(32)),
    config: {
      adminBootstrap: `${ADMIN.username}:${ADMIN.password}`,
      accessKeyBootstrap: `${AKSK.ak}:${AKSK.sk}`,
      demoSeed: overrides.demoSeed ?? true,
      staticDir: undefined,
      ...overrides.config,
    },
    print: () => {},
    logger: overrides.logger,
  })
  if (overrides.autoClose !== false) open.push(app)
  return app
}

/** Logs in through the console API and returns the cookie + CSRF headers for later calls. */
export async function loginAs(app: App, username = ADMIN.username, password = ADMIN.password) {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } })
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
  const cookie = res.cookies.find((c) => c.name === 'oc_session')!
  const { csrfToken } = res.json() as { csrfToken: string }
  return { cookie: `oc_session=${cookie.value}`, 'x-csrf-token': csrfToken }
}

/** An IAM token for `/v1` calls. */
export async function iamToken(app: App, username = ADMIN.username, password = ADMIN.password) {
  const res = await app.inject({ method: 'POST', url: '/v3/auth/tokens', payload: iamBody(username, password) })
  if (res.statusCode !== 201) throw new Error(`token failed: ${res.statusCode} ${res.body}`)
  return res.headers['x-subject-token'] as string
}

export function iamBody(name: string, password: string, project = 'default') {
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { name, password, domain: { name: 'default' } } } },
      scope: { project: { name: project } },
    },
  }
}
