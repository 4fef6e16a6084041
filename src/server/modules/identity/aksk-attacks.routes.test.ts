import { createHash } from 'node:crypto'
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core'
import { describe, expect, it } from 'vitest'
import { signRequest } from '../../lib/aksk'
import { scriptBody } from '../../testing/script-fixtures'
import { AKSK, loginAs, testApp } from '../../testing/test-app'

const HOST = 'localhost'
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/**
 * Signs with the official Node SDK (`BaseCredentials.processAuthRequest` → `AKSKSigner.sign`), the code a
 * real client runs: it adds X-Project-Id, X-Sdk-Content-Sha256 for non-JSON requests and host.
 */
async function officialSign(opts: {
  method: string
  path: string
  query?: Record<string, string>
  data?: unknown
  contentType?: string
  projectId?: string
}): Promise<Record<string, string>> {
  const cred = new BasicCredentials().withAk(AKSK.ak).withSk(AKSK.sk)
  if (opts.projectId) cred.withProjectId(opts.projectId)
  const request = {
    endpoint: `http://${HOST}`,
    url: opts.path,
    method: opts.method,
    queryParams: opts.query ?? {},
    headers: opts.contentType ? { 'Content-Type': opts.contentType } : {},
    data: opts.data,
  }
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's HcClient is only used for federated tokens.
  const signed = (await cred.processAuthRequest(undefined as any, request)) as { headers: Record<string, string> }
  return signed.headers
}

const urlOf = (path: string, query: Record<string, string> = {}) =>
  Object.keys(query).length ? `${path}?${new URLSearchParams(query)}` : path

describe('AK/SK signed with the official SDK signer', () => {
  it('accepts an SDK-signed GET and POST, and refuses the same signed request a second time (replay)', async () => {
    const app = await testApp()
    const query = { limit: '10' }
    const headers = await officialSign({
      method: 'GET',
      path: '/v1/job/scripts',
      query,
      contentType: 'application/json',
    })
    const first = await app.inject({ method: 'GET', url: urlOf('/v1/job/scripts', query), headers })
    expect(first.statusCode).toBe(200)
    const replay = await app.inject({ method: 'GET', url: urlOf('/v1/job/scripts', query), headers })
    expect(replay.statusCode).toBe(401)
    expect(replay.json().error_msg).toMatch(/already used/)

    const data = scriptBody({ name: 'sdk_signed' })
    const post = await officialSign({ method: 'POST', path: '/v1/job/scripts', data, contentType: 'application/json' })
    const created = await app.inject({
      method: 'POST',
      url: '/v1/job/scripts',
      headers: post,
      payload: JSON.stringify(data),
    })
    expect(created.statusCode).toBe(200)
    const again = await app.inject({
      method: 'POST',
      url: '/v1/job/scripts',
      headers: post,
      payload: JSON.stringify(data),
    })
    expect(again.statusCode).toBe(401)
  })

  it('refuses a captured signature carrying a different body, with or without a forged X-Sdk-Content-Sha256', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    const data = { username: 'harmless', displayName: 'H', role: 'viewer', password: 'harmless-pw-1' }
    const headers = await officialSign({ method: 'POST', path: '/api/users', data, contentType: 'application/json' })
    const evil = JSON.stringify({ ...data, username: 'evil', role: 'admin' })

    const swapped = await app.inject({ method: 'POST', url: '/api/users', headers, payload: evil })
    expect(swapped.statusCode).toBe(401)

    // The attack of issue 13 #3: claim the original body's hash in an unsigned header.
    const claimed = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { ...headers, 'X-Sdk-Content-Sha256': sha256(JSON.stringify(data)) },
      payload: evil,
    })
    expect(claimed.statusCode).toBe(401)
    expect(claimed.json().error.message).toMatch(/X-Sdk-Content-Sha256 must be signed/)

    const unsigned = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { ...headers, 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
      payload: evil,
    })
    expect(unsigned.statusCode).toBe(401)

    const users = await app.inject({ method: 'GET', url: '/api/users?pageSize=100', headers: admin })
    expect(users.json().items.map((u: { username: string }) => u.username)).not.toContain('evil')
    // The untouched original still works exactly once.
    const original = await app.inject({ method: 'POST', url: '/api/users', headers, payload: JSON.stringify(data) })
    expect(original.statusCode).toBe(201)
  })

  it('takes a signed X-Sdk-Content-Sha256 only when it equals the body hash; UNSIGNED-PAYLOAD never for JSON', async () => {
    const app = await testApp()
    const body = JSON.stringify({ description: 'ci' })
    const base = { method: 'POST', url: '/api/access-keys', body }
    const json = { host: HOST, 'content-type': 'application/json' }

    const lying = { ...json, 'X-Sdk-Content-Sha256': sha256('{"description":"other"}') }
    const lie = await app.inject({
      method: 'POST',
      url: base.url,
      headers: { ...lying, ...signRequest({ ...base, headers: lying }, AKSK.ak, AKSK.sk) },
      payload: body,
    })
    expect(lie.statusCode).toBe(401)
    expect(lie.json().error.message).toMatch(/does not match the body/)

    const unsignedJson = { ...json, 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' }
    const unsigned = await app.inject({
      method: 'POST',
      url: base.url,
      headers: { ...unsignedJson, ...signRequest({ ...base, headers: unsignedJson }, AKSK.ak, AKSK.sk) },
      payload: body,
    })
    expect(unsigned.statusCode).toBe(401)
    expect(unsigned.json().error.message).toMatch(/UNSIGNED-PAYLOAD/)

    const honest = { ...json, 'X-Sdk-Content-Sha256': sha256(body) }
    const ok = await app.inject({
      method: 'POST',
      url: base.url,
      headers: { ...honest, ...signRequest({ ...base, headers: honest }, AKSK.ak, AKSK.sk) },
      payload: body,
    })
    expect(ok.statusCode).toBe(201)

    // Where the SDK itself sends UNSIGNED-PAYLOAD (a content type other than JSON) it is accepted.
    const sdkGet = await officialSign({ method: 'GET', path: '/api/session', contentType: 'application/octet-stream' })
    expect(sdkGet['X-Sdk-Content-Sha256']).toBe('UNSIGNED-PAYLOAD')
    const me = await app.inject({ method: 'GET', url: '/api/session', headers: sdkGet })
    expect(me.statusCode).toBe(200)
  })
})

describe('X-Project-Id (issue 14 #7)', () => {
  it('accepts the own project by id or name and refuses an unknown or foreign one', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    const tenants = (await app.inject({ method: 'GET', url: '/api/tenants', headers: admin })).json()
    const def = tenants.find((t: { name: string }) => t.name === 'default')
    const get = async (projectId: string) =>
      app.inject({
        method: 'GET',
        url: '/v1/job/scripts?limit=5',
        headers: await officialSign({
          method: 'GET',
          path: '/v1/job/scripts',
          query: { limit: '5' },
          contentType: 'application/json',
          projectId,
        }),
      })
    expect((await get(def.id)).statusCode).toBe(200)
    expect((await get('default')).statusCode).toBe(200)
    const unknown = await get('no-such-project')
    expect(unknown.statusCode).toBe(403)
    expect(unknown.json().error_msg).toMatch(/Unknown project/)

    // A token scoped to `default` cannot be pointed at another tenant by a header.
    await app.inject({ method: 'POST', url: '/api/tenants', headers: admin, payload: { name: 'other' } })
    const tokenRes = await app.inject({
      method: 'POST',
      url: '/v3/auth/tokens',
      payload: {
        auth: {
          identity: { methods: ['password'], password: { user: { name: 'operator', password: 'operator-demo-1' } } },
          scope: { project: { name: 'default' } },
        },
      },
    })
    const token = tokenRes.headers['x-subject-token'] as string
    const foreign = await app.inject({
      method: 'GET',
      url: '/v1/job/scripts?limit=5',
      headers: { 'x-auth-token': token, 'x-project-id': 'other' },
    })
    expect(foreign.statusCode).toBe(403)
    const own = await app.inject({
      method: 'GET',
      url: '/v1/job/scripts?limit=5',
      headers: { 'x-auth-token': token, 'x-project-id': 'default' },
    })
    expect(own.statusCode).toBe(200)
  })
})
