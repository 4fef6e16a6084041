import { beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../app'
import { iamToken, loginAs, testApp } from '../../testing/test-app'

/**
 * A plan names hosts by resource id (its hosts, a step's own hosts, a host-list variable's default). Saving it
 * refuses ids that are no host of the caller's tenant with a 400 that names them, instead of storing any
 * string and failing only when a run reaches the step.
 */
type Headers = Record<string, string>
let app: App
let admin: Headers
let known = ''
let scriptUuid = ''

const api = (who: Headers, method: 'POST' | 'PUT', url: string, payload: object) =>
  app.inject({ method, url, headers: who, payload })

async function host(who: Headers, name: string, innerIp: string) {
  const res = await api(who, 'POST', '/api/cmdb/hosts', { name, innerIp })
  expect(res.statusCode, res.body).toBe(201)
  return (res.json() as { resourceId: string }).resourceId
}

beforeEach(async () => {
  app = await testApp()
  admin = await loginAs(app)
  known = await host(admin, 'plan-host-1', '10.6.0.1')
  const script = await app.inject({
    method: 'POST',
    url: '/v1/job/scripts',
    headers: { 'x-auth-token': await iamToken(app) },
    payload: {
      name: 'plan_hosts_echo',
      type: 'SHELL',
      description: 'plan hosts test',
      content: 'echo hi',
      properties: { risk_level: 'LOW', version: '1' },
      script_params: [],
    },
  })
  expect(script.statusCode, script.body).toBe(200)
  scriptUuid = script.json().data as string
}, 60_000)

const plan = (over: object) => ({
  name: 'hosts plan',
  hosts: [known],
  steps: [{ kind: 'script', name: 'echo', scriptUuid }],
  ...over,
})

describe('host ids of a saved plan', () => {
  it('saves a plan whose hosts are hosts of the tenant', async () => {
    const res = await api(admin, 'POST', '/api/job-plans', plan({}))
    expect(res.statusCode, res.body).toBe(201)
  })

  it('refuses unknown host ids in the plan, a step and a host-list default, naming each', async () => {
    const ghost = '00000000-0000-4000-8000-000000000001'
    const res = await api(
      admin,
      'POST',
      '/api/job-plans',
      plan({
        hosts: [known, 'web-01'],
        variables: [{ name: 'targets', type: 'hosts', default: `${known}, ${ghost}` }],
        steps: [
          { kind: 'script', name: 'echo', scriptUuid, hosts: { resourceIds: [ghost] } },
          { kind: 'script', name: 'echo all', scriptUuid, hosts: { variable: 'targets' } },
        ],
      }),
    )
    expect(res.statusCode, res.body).toBe(400)
    const { error } = res.json() as {
      error: { code: string; message: string; details: { path: string; message: string }[] }
    }
    expect(error.code).toBe('VALIDATION')
    expect(error.details).toEqual([
      { path: 'hosts', message: 'no host web-01 in this tenant' },
      { path: 'steps[0].hosts.resourceIds', message: `no host ${ghost} in this tenant` },
      { path: 'variables[0].default', message: `no host ${ghost} in this tenant` },
    ])
    expect(error.message).toContain('hosts: no host web-01 in this tenant')
    expect(error.message).not.toContain(known)
  })

  it('refuses another tenant’s host, on update too', async () => {
    const created = await api(admin, 'POST', '/api/job-plans', plan({}))
    expect(created.statusCode, created.body).toBe(201)
    const t = await api(admin, 'POST', '/api/tenants', { name: 'other' })
    expect(t.statusCode, t.body).toBe(201)
    const u = await api(admin, 'POST', '/api/users', {
      username: 'other-admin',
      displayName: 'Other',
      role: 'admin',
      password: 'other-admin-pw-1',
      tenantId: t.json().id,
    })
    expect(u.statusCode, u.body).toBe(201)
    const theirs = await host(await loginAs(app, 'other-admin', 'other-admin-pw-1'), 'their-host', '10.6.0.9')
    const res = await api(admin, 'PUT', `/api/job-plans/${created.json().id}`, plan({ hosts: [theirs] }))
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json().error.message).toBe(`hosts: no host ${theirs} in this tenant`)
  })
})
