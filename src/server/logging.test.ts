import { Writable } from 'node:stream'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { buildApp } from './app'
import { Keyring } from './lib/keyring'
import { LOG_REDACT_PATHS } from './lib/redact'
import { testDb } from './testing/test-db'
import { iamBody } from './testing/test-app'

describe('structured logs', () => {
  it('carry request ids and never the passwords, tokens or cookies of a request', async () => {
    const lines: string[] = []
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk))
        cb()
      },
    })
    const db = await testDb()
    const app = await buildApp({
      db,
      keyring: new Keyring(randomBytes(32)),
      print: () => {},
      config: { adminBootstrap: 'admin:very-secret-pw', demoSeed: false, staticDir: undefined },
      logger: {
        level: 'trace',
        stream,
        redact: { paths: LOG_REDACT_PATHS, censor: '******' },
        serializers: { req: (req) => ({ method: req.method, url: req.url, headers: req.headers }) },
      },
    })
    const res = await app.inject({
      method: 'POST',
      url: '/v3/auth/tokens',
      payload: iamBody('admin', 'very-secret-pw'),
    })
    const token = res.headers['x-subject-token'] as string
    await app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { 'x-auth-token': token, cookie: 'oc_session=cookie-value-123', 'x-request-id': 'req-42' },
    })
    await app.inject({ method: 'POST', url: '/v3/auth/tokens', payload: iamBody('admin', 'wrong-secret-pw') })
    await app.close()
    await db.close()
    const log = lines.join('')
    expect(log).toContain('req-42')
    expect(log).not.toContain('very-secret-pw')
    expect(log).not.toContain('wrong-secret-pw')
    expect(log).not.toContain(token)
    expect(log).not.toContain('cookie-value-123')
  })
})
