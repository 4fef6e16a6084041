import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../app'
import type { Config } from '../config'
import type { DbHandle } from '../db/client'
import { Keyring } from '../lib/keyring'
import { LOG_REDACT_PATHS, LOG_SERIALIZERS } from '../lib/redact'
import { iamToken, loginAs, testApp } from '../testing/test-app'
import { testDb } from '../testing/test-db'

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

/** An app with its own config (and optionally a shared database, to act as a second replica). */
async function appWith(config: Partial<Config>, opts: { db?: DbHandle; log?: string[] } = {}): Promise<App> {
  const db = opts.db ?? (await testDb())
  const stream = new Writable({
    write(chunk, _enc, cb) {
      opts.log?.push(String(chunk))
      cb()
    },
  })
  const app = await buildApp({
    db,
    keyring: new Keyring(Buffer.alloc(32, 7)),
    print: () => {},
    config: { adminBootstrap: 'admin:admin-test-pw', demoSeed: false, staticDir: undefined, ...config },
    // Debug: request lines are logged at debug (only slow and failed ones at info), and this file reads them.
    logger: opts.log
      ? { level: 'debug', stream, redact: { paths: LOG_REDACT_PATHS, censor: '******' }, serializers: LOG_SERIALIZERS }
      : false,
  })
  cleanup.push(async () => {
    await app.close()
    if (!opts.db) await db.close()
  })
  return app
}

const ALARM = {
  alarmId: 'a-1',
  alarmName: 'cpu',
  alarmLevel: 'Major',
  time: 1700000000000,
  nameSpace: 'SYS.ECS',
  applicationId: 'app-1',
  alarmDesc: 'cpu high',
  alarmSource: 'prometheus',
}

describe('hostile input (issue 13 #8)', () => {
  it('answers NUL bytes, invalid UTF-8 and lone surrogates with 400 in the route family body, storing nothing', async () => {
    const app = await testApp()
    const h = { 'x-auth-token': await iamToken(app) }
    const admin = await loginAs(app)
    const json = { ...h, 'content-type': 'application/json' }
    const incident = (payload: string | Buffer) =>
      app.inject({ method: 'POST', url: '/v1/external/incident/create', headers: json, payload })

    const nulTitle = await incident(JSON.stringify({ incident_title: 'a\u0000b', incident_description: 'x' }))
    expect(nulTitle.statusCode).toBe(400)
    expect(nulTitle.json()).toMatchObject({ error_code: 'COC.00040701', error_msg: expect.stringContaining('NUL') })

    const script = await app.inject({
      method: 'POST',
      url: '/v1/job/scripts',
      headers: json,
      payload: '{"name":"x","content":"echo \\u0000","description":"d"}',
    })
    expect(script.statusCode).toBe(400)
    expect(script.json().error_code).toBeDefined()

    const nulFilter = await app.inject({ method: 'GET', url: '/v1/job/scripts?limit=10&name_like=a%00b', headers: h })
    expect(nulFilter.statusCode).toBe(400)
    const consoleFilter = await app.inject({ method: 'GET', url: '/api/incidents?q=%00', headers: admin })
    expect(consoleFilter.statusCode).toBe(400)
    expect(consoleFilter.json().error.code).toBe('VALIDATION')

    const badUtf8 = await incident(
      Buffer.concat([Buffer.from('{"incident_title":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
    )
    expect(badUtf8.statusCode).toBe(400)
    expect(badUtf8.json().error_msg).toMatch(/UTF-8/)
    const surrogate = await incident('{"incident_title":"\\ud800x","incident_description":"x"}')
    expect(surrogate.statusCode).toBe(400)
    expect(surrogate.json().error_msg).toMatch(/surrogate/)
    const badUrl = await app.inject({ method: 'GET', url: '/v1/job/scripts?limit=10&name_like=%ED%A0%80', headers: h })
    expect(badUrl.statusCode).toBe(400)

    const [{ n }] = await app.services.handle.query<{ n: number }>('select count(*)::int as n from incidents')
    expect(n).toBe(0)
  })

  it('caps the alarm webhook `additional` object', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    const { key } = (
      await app.inject({ method: 'POST', url: '/api/integration-keys', headers: admin, payload: { name: 'p' } })
    ).json()
    const post = (additional: object) =>
      app.inject({ method: 'POST', url: `/v1/event/huawei/custom/${key}`, payload: { ...ALARM, additional } })
    const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]))
    const refused = await post(many)
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error_msg).toMatch(/additional/)
    expect((await post({ big: 'x'.repeat(20_000) })).statusCode).toBe(400)
    const [{ n }] = await app.services.handle.query<{ n: number }>('select count(*)::int as n from alarms')
    expect(n).toBe(0)
    expect((await post({ team: 'db', runbook: 'https://wiki/db' })).statusCode).toBe(200)
  })
})

describe('security headers', () => {
  it('sends CSP without inline script, no framing, nosniff and no referrer on pages, API answers and errors', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oc-static-'))
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>')
    const app = await appWith({ staticDir: dir })
    for (const url of ['/', '/tickets/SC1', '/api/session', '/v1/job/scripts?limit=1', '/healthz', '/api/nothing']) {
      const res = await app.inject({ method: 'GET', url })
      const csp = String(res.headers['content-security-policy'])
      expect(csp, url).toContain("script-src 'self'")
      expect(csp, url).not.toMatch(/script-src[^;]*unsafe-inline/)
      expect(csp, url).toContain("frame-ancestors 'none'")
      expect(res.headers['x-frame-options'], url).toBe('DENY')
      expect(res.headers['x-content-type-options'], url).toBe('nosniff')
      expect(res.headers['referrer-policy'], url).toBe('no-referrer')
    }
  })

  it('never logs a review-link token whole', async () => {
    const log: string[] = []
    const app = await appWith({}, { log })
    const token = `${randomBytes(24).toString('base64url')}.${randomBytes(16).toString('hex')}`
    await app.inject({ method: 'GET', url: `/api/review-links/${token}` })
    await app.inject({ method: 'POST', url: `/api/review-links/${token}/decision`, payload: { decision: 'approve' } })
    await app.inject({ method: 'GET', url: `/review/${token}` })
    const text = log.join('')
    expect(text).toContain('/api/review-links/')
    expect(text).not.toContain(token)
  })
})

describe('general API rate limit', () => {
  it('is shared by replicas through PostgreSQL and answers 429 in the route family body', async () => {
    const db = await testDb()
    cleanup.push(async () => db.close())
    const config = { apiRateLimitMax: 4, apiRateLimitWindowSec: 60 }
    const a = await appWith(config, { db })
    const b = await appWith(config, { db })
    for (let i = 0; i < 4; i++) expect((await a.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
    await a.apiRateLimitStore!.flush()
    // Replica b has served one request itself, then learns the shared total at its first write.
    expect((await b.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
    await b.apiRateLimitStore!.flush()
    const refused = await b.inject({ method: 'GET', url: '/v1/job/scripts?limit=1' })
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toMatchObject({ error_code: 'APIGW.0308' })
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    const consoleBody = await b.inject({ method: 'GET', url: '/api/session' })
    expect(consoleBody.json().error.code).toBe('RATE_LIMITED')
    const [{ hits }] = await db.query<{ hits: number }>("select hits from api_rate_limits where key = '127.0.0.1'")
    expect(hits).toBe(5)
  })
})
