import { describe, expect, it } from 'vitest'
import type { App } from '../../app'
import { loginAs, testApp } from '../../testing/test-app'

type Headers = Awaited<ReturnType<typeof loginAs>>

async function api(app: App, h: Headers, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
  const res = await app.inject({
    method,
    url,
    headers: h,
    ...(payload === undefined ? {} : { payload: payload as object }),
  })
  return { status: res.statusCode, body: res.json() }
}

/** Two hosts in module nginx of business shop, one query selecting web-*. */
async function setup() {
  const app = await testApp()
  const admin = await loginAs(app)
  const biz = (await api(app, admin, 'POST', '/api/cmdb/businesses', { name: 'shop', maintainer: 'ops' })).body
  const set = (await api(app, admin, 'POST', '/api/cmdb/sets', { bizId: biz.id, name: 'web' })).body
  const mod = (await api(app, admin, 'POST', '/api/cmdb/modules', { setId: set.id, name: 'nginx' })).body
  const ids: number[] = []
  for (const [name, ip] of [
    ['web-01', '10.0.0.1'],
    ['db-01', '10.0.0.2'],
  ]) {
    const host = await api(app, admin, 'POST', '/api/cmdb/hosts', { name, innerIp: ip })
    expect(host.status, JSON.stringify(host.body)).toBe(201)
    ids.push(host.body.id)
  }
  const moved = await api(app, admin, 'POST', '/api/cmdb/hosts/move', { hostIds: ids, moduleId: mod.id })
  expect(moved.status, JSON.stringify(moved.body)).toBe(200)
  const info = {
    condition: [
      { bk_obj_id: 'module', condition: [{ field: 'bk_module_id', operator: '$eq', value: mod.id }] },
      { bk_obj_id: 'host', condition: [{ field: 'bk_host_name', operator: '$regex', value: '^web' }] },
    ],
  }
  const made = await api(app, admin, 'POST', '/api/cmdb/custom-queries', { bizId: biz.id, name: 'web hosts', info })
  expect(made.status, JSON.stringify(made.body)).toBe(201)
  return { app, admin, biz, mod, query: made.body as { id: string; name: string } }
}

describe('saved host queries (console API)', () => {
  it('lists the hosts a query selects as console hosts, with their cloud area', async () => {
    const { app, admin, biz, mod, query } = await setup()
    const hosts = await api(app, admin, 'GET', `/api/cmdb/custom-queries/${query.id}/hosts`)
    expect(hosts.status).toBe(200)
    expect(hosts.body).toEqual([
      expect.objectContaining({
        name: 'web-01',
        innerIp: '10.0.0.1',
        cloudId: 0,
        bizId: biz.id,
        bizName: 'shop',
        moduleId: mod.id,
        moduleName: 'nginx',
        agentStatus: 'none',
        resourceId: expect.any(String),
      }),
    ])
  })

  it('renames a query; refuses a taken name (409), an empty body (400) and an unknown query (404)', async () => {
    const { app, admin, biz, query } = await setup()
    const renamed = await api(app, admin, 'PATCH', `/api/cmdb/custom-queries/${query.id}`, { name: 'frontends' })
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200)
    expect(renamed.body).toMatchObject({ id: query.id, name: 'frontends', updatedBy: 'admin' })
    expect((await api(app, admin, 'GET', `/api/cmdb/custom-queries/${query.id}`)).body.name).toBe('frontends')
    // Its conditions are kept: it still selects web-01.
    const hosts = await api(app, admin, 'GET', `/api/cmdb/custom-queries/${query.id}/hosts`)
    expect(hosts.body.map((h: { name: string }) => h.name)).toEqual(['web-01'])

    await api(app, admin, 'POST', '/api/cmdb/custom-queries', { bizId: biz.id, name: 'other', info: { condition: [] } })
    const taken = await api(app, admin, 'PATCH', `/api/cmdb/custom-queries/${query.id}`, { name: 'other' })
    expect(taken.status).toBe(409)
    expect(taken.body.error.message).toContain('other')
    expect((await api(app, admin, 'PATCH', `/api/cmdb/custom-queries/${query.id}`, {})).status).toBe(400)
    expect((await api(app, admin, 'PATCH', `/api/cmdb/custom-queries/${query.id}`, { name: '  ' })).status).toBe(400)
    expect((await api(app, admin, 'PATCH', '/api/cmdb/custom-queries/999999', { name: 'x' })).status).toBe(404)
  })

  it('lets viewers read queries but not rename them', async () => {
    const { app, query } = await setup()
    const viewer = await loginAs(app, 'viewer', 'viewer-demo-1')
    expect((await api(app, viewer, 'GET', '/api/cmdb/custom-queries')).status).toBe(200)
    expect((await api(app, viewer, 'PATCH', `/api/cmdb/custom-queries/${query.id}`, { name: 'mine' })).status).toBe(403)
  })
})
