import { describe, expect, it } from 'vitest'
import { cocClient } from '../testing/script-fixtures'
import { loginAs, testApp } from '../testing/test-app'

/**
 * One refusal, two error bodies: the console body carries the refusal phrase next to the English message,
 * the COC body is exactly what it was before phrases (the sentences are literal here, as the server wrote
 * them before: a phrase whose English drifts fails this test).
 */
describe('refusal bodies', () => {
  it('says the same refusal on /api with its phrase and on /v1 unchanged', async () => {
    const app = await testApp()
    const op = await cocClient(app)
    const created = await op.create({
      name: 'refusal_probe',
      type: 'SHELL',
      description: 'x',
      content: 'echo hi',
      properties: { risk_level: 'LOW', version: '1' },
    })
    const scriptUuid = created.json().data as string
    const host = '0badc0de-0000-4000-8000-000000000001'
    const payload = {
      execute_param: { timeout: 30, success_rate: 100, execute_user: 'root' },
      execute_batches: [
        { batch_index: 1, rotation_strategy: 'CONTINUE', target_instances: [{ resource_id: host, region_id: 'r' }] },
      ],
    }
    const at = 'execute_batches[batch 1].target_instances[0]'
    const sentence = `${at}.resource_id: no host ${host} in this project`

    const cons = await loginAs(app, 'operator', 'operator-demo-1')
    const viaApi = await app.inject({
      method: 'POST',
      url: '/api/executions',
      headers: cons,
      payload: { ...payload, script_uuid: scriptUuid },
    })
    expect(viaApi.statusCode, viaApi.body).toBe(400)
    expect(viaApi.json()).toEqual({
      error: {
        code: 'VALIDATION',
        message: sentence,
        details: [{ path: `${at}.resource_id`, message: `no host ${host} in this project` }],
        phrase: { key: 'ticket.host-unknown', params: { at, host } },
        requestId: viaApi.headers['x-request-id'],
      },
    })

    const viaCoc = await app.inject({
      method: 'POST',
      url: `/v1/job/scripts/${scriptUuid}`,
      headers: op.headers,
      payload,
    })
    expect(viaCoc.statusCode, viaCoc.body).toBe(400)
    expect(viaCoc.body).toBe(
      JSON.stringify({ error_code: 'COC.00040701', error_msg: sentence, request_id: viaCoc.headers['x-request-id'] }),
    )

    // The console SPA calls some /v1 routes: asked with the header, the COC body also carries the phrase.
    const viaCocFromConsole = await app.inject({
      method: 'POST',
      url: `/v1/job/scripts/${scriptUuid}`,
      headers: { ...op.headers, 'x-console-phrases': '1' },
      payload,
    })
    expect(viaCocFromConsole.statusCode).toBe(400)
    expect(viaCocFromConsole.json()).toEqual({
      error_code: 'COC.00040701',
      error_msg: sentence,
      request_id: viaCocFromConsole.headers['x-request-id'],
      phrase: { key: 'ticket.host-unknown', params: { at, host } },
    })

    // A not-found of the same ticket id on both surfaces.
    const missing = 'JOB20990101000000000001'
    const apiGone = await app.inject({ method: 'GET', url: `/api/executions/${missing}`, headers: cons })
    expect(apiGone.statusCode).toBe(404)
    expect(apiGone.json().error).toMatchObject({
      code: 'NOT_FOUND',
      message: `Script ticket ${missing} not found`,
      phrase: { key: 'ticket.not-found', params: { ticket: missing } },
    })
    const cocGone = await app.inject({ method: 'GET', url: `/v1/job/script/orders/${missing}`, headers: op.headers })
    expect(cocGone.statusCode).toBe(404)
    expect(Object.keys(cocGone.json()).sort()).toEqual(['error_code', 'error_msg', 'request_id'])
    expect(cocGone.json().error_msg).toBe(`Script ticket ${missing} not found`)
  })

  it('says a role refusal with the role, a plain-sentence error without a phrase', async () => {
    const app = await testApp()
    const viewer = await loginAs(app, 'viewer', 'viewer-demo-1')
    const res = await app.inject({ method: 'POST', url: '/api/executions', headers: viewer, payload: {} })
    expect(res.statusCode).toBe(403)
    expect(res.json().error).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Your role (viewer) may not do this',
      phrase: { key: 'auth.role-may-not', params: { role: 'viewer' } },
    })
    // Zod's field errors are not phrases: the body is as before, with no `phrase` key.
    const op = await loginAs(app, 'operator', 'operator-demo-1')
    const bad = await app.inject({ method: 'POST', url: '/api/executions', headers: op, payload: {} })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('VALIDATION')
    expect('phrase' in bad.json().error).toBe(false)
  })
})
