import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp, type App } from './app'
import { Keyring } from './lib/keyring'
import { testDb } from './testing/test-db'

let app: App | undefined
let dir: string | undefined
afterEach(async () => {
  await app?.close()
  await app?.services.handle.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** The app as production runs it: with the SPA build served (the static plugin changes registration order). */
async function withSpa() {
  dir = mkdtempSync(path.join(tmpdir(), 'oc-dist-'))
  mkdirSync(path.join(dir, 'assets'))
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>')
  writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log(1)')
  app = await buildApp({
    db: await testDb(),
    keyring: new Keyring(randomBytes(32)),
    print: () => {},
    config: { staticDir: dir, adminBootstrap: 'admin:admin-test-pw', demoSeed: false },
  })
  return app
}

describe('app with the SPA build', () => {
  it('serves index.html for deep links and caches hashed assets for a year', async () => {
    const a = await withSpa()
    const page = await a.inject({ method: 'GET', url: '/tickets/SCT123?x=1', headers: { accept: 'text/html' } })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<div id="root">')
    expect(page.headers['cache-control']).toBe('no-cache')
    const asset = await a.inject({ method: 'GET', url: '/assets/app-abc123.js' })
    expect(asset.headers['cache-control']).toContain('immutable')
  })

  it('keeps the console and COC error bodies on every route', async () => {
    const a = await withSpa()
    const login = await a.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'admin', password: 'wrong-pw-1' },
    })
    expect(login.statusCode).toBe(401)
    expect(login.json()).toMatchObject({
      error: { code: 'UNAUTHENTICATED', message: 'The username or password is wrong.' },
    })
    const missing = await a.inject({ method: 'GET', url: '/api/nothing' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error.code).toBe('NOT_FOUND')
    const coc = await a.inject({ method: 'GET', url: '/v1/job/scripts' })
    expect(coc.statusCode).toBe(401)
    expect(coc.json()).toMatchObject({ error_code: 'APIGW.0301' })
    const iam = await a.inject({ method: 'POST', url: '/v3/auth/tokens', payload: {} })
    expect(iam.statusCode).toBe(400)
    expect(iam.json().error_code).toBe('COC.00040701')
  })
})
