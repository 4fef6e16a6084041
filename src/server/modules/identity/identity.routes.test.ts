import { describe, expect, it } from 'vitest'
import { signRequest } from '../../lib/aksk'
import { ADMIN, AKSK, iamBody, iamToken, loginAs, testApp } from '../../testing/test-app'

/** `METHOD /path` of every route Fastify serves (HEAD aliases left out), from its route tree. */
function servedRoutes(app: { printRoutes: (o: { commonPrefix: false }) => string }) {
  const stack: string[] = []
  const served: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = line.match(/^([│ ]*)(?:├── |└── )(\S+)(?: \(([^)]*)\))?/)
    if (!m) continue
    const depth = m[1].length / 4
    stack.length = depth
    stack[depth] = m[2]
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD'))
      served.push(`${method} ${stack.join('')}`)
  }
  return served
}

describe('POST /v3/auth/tokens', () => {
  it('returns 201 with X-Subject-Token valid 24 h for the seed body', async () => {
    const app = await testApp()
    const res = await app.inject({
      method: 'POST',
      url: '/v3/auth/tokens',
      payload: iamBody(ADMIN.username, ADMIN.password),
    })
    expect(res.statusCode).toBe(201)
    expect(res.headers['x-subject-token']).toMatch(/^[A-Za-z0-9_-]{40,}$/)
    const { token } = res.json()
    expect(token.user.name).toBe('admin')
    expect(token.project.name).toBe('default')
    const ttl = Date.parse(token.expires_at) - Date.parse(token.issued_at)
    expect(ttl).toBe(24 * 3600 * 1000)
  })

  it('answers 401 with a COC body for a wrong password and 400 for a malformed body', async () => {
    const app = await testApp()
    const wrong = await app.inject({
      method: 'POST',
      url: '/v3/auth/tokens',
      payload: iamBody(ADMIN.username, 'nope-nope'),
    })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json()).toMatchObject({ error_code: 'IAM.0004', error_msg: expect.any(String) })
    expect(wrong.headers['x-subject-token']).toBeUndefined()

    const malformed = await app.inject({
      method: 'POST',
      url: '/v3/auth/tokens',
      payload: { auth: { identity: { methods: ['password'] } } },
    })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toMatchObject({
      error_code: 'COC.00040701',
      error_msg: expect.stringContaining('auth.identity.password'),
    })

    const notJson = await app.inject({
      method: 'POST',
      url: '/v3/auth/tokens',
      headers: { 'content-type': 'application/json' },
      payload: '{"auth":',
    })
    expect(notJson.statusCode).toBe(400)
    expect(notJson.json().error_code).toBe('COC.00040701')
  })

  it('refuses a project the user does not belong to', async () => {
    const app = await testApp()
    const res = await app.inject({
      method: 'POST',
      url: '/v3/auth/tokens',
      payload: iamBody('operator', 'operator-demo-1', 'elsewhere'),
    })
    expect(res.statusCode).toBe(401)
  })

  it('rate-limits repeated failures per user and IP', async () => {
    const app = await testApp()
    for (let i = 0; i < 5; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'viewer', password: 'bad-password' },
      })
      expect(r.statusCode).toBe(401)
    }
    const blocked = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'viewer', password: 'viewer-demo-1' },
    })
    expect(blocked.statusCode).toBe(429)
    expect(blocked.headers['retry-after']).toBeDefined()
    expect(blocked.json().error.code).toBe('RATE_LIMITED')
  })
})

describe('/v1 authentication', () => {
  it('needs a token: 401 COC body without one, 404 COC body with one for an unknown API', async () => {
    const app = await testApp()
    const anon = await app.inject({ method: 'GET', url: '/v1/job/scripts?limit=10' })
    expect(anon.statusCode).toBe(401)
    expect(anon.json()).toMatchObject({ error_code: 'APIGW.0301', error_msg: expect.any(String) })

    const bad = await app.inject({ method: 'GET', url: '/v1/nothing', headers: { 'x-auth-token': 'forged' } })
    expect(bad.statusCode).toBe(401)

    const token = await iamToken(app)
    const known = await app.inject({ method: 'GET', url: '/v1/nothing-here', headers: { 'x-auth-token': token } })
    expect(known.statusCode).toBe(404)
    expect(known.json().error_code).toBe('APIGW.0101')
  })

  it('accepts X-Auth-Token and AK/SK signatures on console routes, and rejects tampered signatures', async () => {
    const app = await testApp()
    const token = await iamToken(app)
    const viaToken = await app.inject({ method: 'GET', url: '/api/session', headers: { 'x-auth-token': token } })
    expect(viaToken.statusCode).toBe(200)
    expect(viaToken.json().user.username).toBe('admin')

    const req = {
      method: 'GET',
      url: '/api/users?page=1&pageSize=5',
      headers: { host: 'localhost:80', 'content-type': 'application/json' },
      body: '',
    }
    const signed = signRequest(req, AKSK.ak, AKSK.sk)
    const ok = await app.inject({ method: 'GET', url: req.url, headers: { ...req.headers, ...signed } })
    expect(ok.statusCode).toBe(200)
    expect(ok.json().total).toBe(4)

    const tampered = await app.inject({
      method: 'GET',
      url: '/api/users?page=2&pageSize=5',
      headers: { ...req.headers, ...signed },
    })
    expect(tampered.statusCode).toBe(401)
    expect(tampered.json().error.message).toContain('signature')

    const old = signRequest(req, AKSK.ak, AKSK.sk, new Date(Date.now() - 3600_000))
    const stale = await app.inject({ method: 'GET', url: req.url, headers: { ...req.headers, ...old } })
    expect(stale.statusCode).toBe(401)
  })

  it('verifies a signed POST body', async () => {
    const app = await testApp()
    const body = JSON.stringify({ description: 'ci' })
    const req = {
      method: 'POST',
      url: '/api/access-keys',
      headers: { host: 'localhost:80', 'content-type': 'application/json' },
      body,
    }
    const res = await app.inject({
      method: 'POST',
      url: req.url,
      headers: { ...req.headers, ...signRequest(req, AKSK.ak, AKSK.sk) },
      payload: body,
    })
    expect(res.statusCode).toBe(201)
    const forged = await app.inject({
      method: 'POST',
      url: req.url,
      headers: { ...req.headers, ...signRequest(req, AKSK.ak, AKSK.sk) },
      payload: JSON.stringify({ description: 'cx' }),
    })
    expect(forged.statusCode).toBe(401)
  })
})

describe('console session', () => {
  it('logs in with an httpOnly SameSite cookie, demands CSRF on mutations, logs out', async () => {
    const app = await testApp()
    const res = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: ADMIN.username, password: ADMIN.password },
    })
    expect(res.statusCode).toBe(200)
    const cookie = res.cookies.find((c) => c.name === 'oc_session')!
    expect(cookie.httpOnly).toBe(true)
    expect(cookie.sameSite).toBe('Strict')
    const headers = await loginAs(app)

    const me = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: headers.cookie } })
    expect(me.json().user.role).toBe('platform_admin')

    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/access-keys',
      headers: { cookie: headers.cookie },
      payload: {},
    })
    expect(noCsrf.statusCode).toBe(403)
    const withCsrf = await app.inject({ method: 'POST', url: '/api/access-keys', headers, payload: {} })
    expect(withCsrf.statusCode).toBe(201)

    const out = await app.inject({ method: 'DELETE', url: '/api/session', headers })
    expect(out.statusCode).toBe(200)
    const after = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: headers.cookie } })
    expect(after.statusCode).toBe(401)
    expect(after.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } })
  })

  it('enforces roles: a viewer cannot create users; an admin can, and it is audited without the password', async () => {
    const app = await testApp()
    const viewer = await loginAs(app, 'viewer', 'viewer-demo-1')
    const body = { username: 'newbie', displayName: 'New Bie', role: 'operator', password: 'newbie-pass-1' }
    const denied = await app.inject({ method: 'POST', url: '/api/users', headers: viewer, payload: body })
    expect(denied.statusCode).toBe(403)

    const admin = await loginAs(app)
    const created = await app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: body })
    expect(created.statusCode).toBe(201)
    expect(created.json()).not.toHaveProperty('passwordHash')
    const dup = await app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: body })
    expect(dup.statusCode).toBe(409)

    const audit = await app.inject({ method: 'GET', url: '/api/audit-logs?action=user.create', headers: admin })
    const entries = audit.json().items as { after: Record<string, unknown> }[]
    expect(entries.some((e) => e.after.username === 'newbie')).toBe(true)
    expect(audit.body).not.toContain('newbie-pass-1')

    const login = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'newbie', password: 'newbie-pass-1' },
    })
    expect(login.statusCode).toBe(200)
  })

  it('validates console bodies with field details and writes nothing', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    const res = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'x', role: 'boss', password: 'short' },
    })
    expect(res.statusCode).toBe(400)
    const { error } = res.json()
    expect(error.code).toBe('VALIDATION')
    expect(error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['body.username', 'body.role', 'body.password']),
    )
    const users = await app.inject({ method: 'GET', url: '/api/users', headers: admin })
    expect(users.json().total).toBe(4)
  })

  it('applies a role change or a disabled account to open sessions at once (no stale cached principal)', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    const operator = await loginAs(app, 'operator', 'operator-demo-1')
    const me = (await app.inject({ method: 'GET', url: '/api/session', headers: operator })).json()
    expect(me.user.role).toBe('operator')
    const demote = await app.inject({
      method: 'PATCH',
      url: `/api/users/${me.user.id}`,
      headers: admin,
      payload: { role: 'viewer' },
    })
    expect(demote.statusCode).toBe(200)
    const after = await app.inject({ method: 'GET', url: '/api/session', headers: operator })
    expect(after.json().user.role).toBe('viewer')
    await app.inject({ method: 'PATCH', url: `/api/users/${me.user.id}`, headers: admin, payload: { disabled: true } })
    const gone = await app.inject({ method: 'GET', url: '/api/session', headers: operator })
    expect(gone.statusCode).toBe(401)
  })

  it('keeps the last admin', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    const me = (await app.inject({ method: 'GET', url: '/api/session', headers: admin })).json()
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/users/${me.user.id}`,
      headers: admin,
      payload: { role: 'viewer' },
    })
    expect(res.statusCode).toBe(403)
  })
})

describe('platform', () => {
  it('serves health and echoes or creates X-Request-Id', async () => {
    const app = await testApp()
    const res = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-123' } })
    expect(res.json()).toEqual({
      status: 'ok',
      db: 'ok',
      version: expect.any(String),
      store: 'postgres',
      replica: expect.stringContaining(String(process.pid)),
      pid: process.pid,
    })
    expect(res.headers['x-request-id']).toBe('trace-123')
    const other = await app.inject({ method: 'GET', url: '/healthz' })
    expect(other.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('publishes an OpenAPI document from the contract', async () => {
    const app = await testApp()
    const doc = (await app.inject({ method: 'GET', url: '/api/docs' })).json()
    expect(doc.paths['/v3/auth/tokens'].post.summary).toContain('token')
    expect(Object.keys(doc.components.securitySchemes)).toEqual([
      'session',
      'csrf',
      'iamToken',
      'akSk',
      'agent',
      'bkApp',
      'signedLink',
    ])
    // Every route documents its error responses, in its own error style.
    // BlueKing APIs answer refusals with HTTP 200 and `result: false`, as ESB does: their 200 includes BkError.
    type Op = { responses: Record<string, { content?: Record<string, { schema: { oneOf?: { $ref?: string }[] } }> }> }
    for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, Op>>))
      for (const [method, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses), `${method} ${p}`).toContain('500')
        if (p.startsWith('/api/c/compapi/'))
          expect(op.responses['200'].content?.['application/json'].schema.oneOf, `${method} ${p}`).toContainEqual({
            $ref: '#/components/schemas/BkError',
          })
        else expect(Object.keys(op.responses), `${method} ${p}`).toContain('400')
      }
    const create = doc.paths['/v1/external/incident/create'].post
    expect(create.responses['401'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/CocEnvelopeError',
    )
    expect(create.security).toEqual([{ session: [], csrf: [] }, { iamToken: [] }, { akSk: [] }])
    expect((await app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json().openapi).toBe('3.1.0')
    // Every route the BFF serves is in the document (the agents' WebSocket, signed file links and BlueKing job
    // APIs included), except the docs themselves.
    const documented = new Set(
      Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    )
    const undocumented = servedRoutes(app).filter((r) => !documented.has(r) && !/ \/api\/docs/.test(r))
    expect(undocumented).toEqual([])
  })

  it('serves a browsable API page without inline scripts', async () => {
    const app = await testApp()
    const page = await app.inject({ method: 'GET', url: '/api/docs', headers: { accept: 'text/html' } })
    expect(page.headers['content-type']).toContain('text/html')
    expect(page.body).not.toMatch(/<script>[^<]/)
    for (const src of page.body.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const res = await app.inject({ method: 'GET', url: src[1] })
      expect(res.statusCode, src[1]).toBe(200)
    }
    expect((await app.inject({ method: 'GET', url: '/api/docs/ui/package.json' })).statusCode).toBe(404)
  })
})
