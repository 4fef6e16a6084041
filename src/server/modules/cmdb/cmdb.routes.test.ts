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

async function setup() {
  const app = await testApp()
  const admin = await loginAs(app)
  const host = (
    await api(app, admin, 'POST', '/api/cmdb/hosts', { name: 'web-01', innerIp: '10.0.0.1', cloudRegion: 'cn-north-4' })
  ).body
  const biz = (await api(app, admin, 'POST', '/api/cmdb/businesses', { name: 'shop', maintainer: 'ops' })).body
  const set = (await api(app, admin, 'POST', '/api/cmdb/sets', { bizId: biz.id, name: 'web' })).body
  const mod = (await api(app, admin, 'POST', '/api/cmdb/modules', { setId: set.id, name: 'nginx' })).body
  return { app, admin, host, biz, set, mod }
}

describe('CMDB mainline', () => {
  it('refuses a second host with an inner IP already used in the cloud area (409), as hosts are addressed by IP', async () => {
    const { app, admin } = await setup()
    const dup = await api(app, admin, 'POST', '/api/cmdb/hosts', { name: 'web-02', innerIp: '10.0.0.1' })
    expect(dup.status).toBe(409)
    expect(dup.body.error.message).toContain('10.0.0.1')
    const other = await api(app, admin, 'POST', '/api/cmdb/hosts', { name: 'web-03', innerIp: '10.0.0.2' })
    expect(other.status).toBe(201)
  })

  it('puts a new host in the idle module of the default business and counts it in the tree', async () => {
    const { app, admin, host, biz } = await setup()
    expect(host).toMatchObject({ moduleKind: 'idle', bizName: 'Default business', agentStatus: 'none', agentSn: null })
    const topo = (await api(app, admin, 'GET', '/api/cmdb/topology')).body
    expect(topo.hostCount).toBe(1)
    const shop = topo.businesses.find((b: { id: number }) => b.id === biz.id)
    expect(shop.sets.map((s: { name: string; builtin: boolean }) => [s.name, s.builtin])).toEqual([
      ['Internal', true],
      ['web', false],
    ])
    expect(shop.sets[0].modules.map((m: { kind: string }) => m.kind)).toEqual(['idle', 'fault'])
  })

  it('moves hosts, and refuses to delete what still holds hosts or is built in', async () => {
    const { app, admin, host, biz, set, mod } = await setup()
    expect(
      (await api(app, admin, 'POST', '/api/cmdb/hosts/move', { hostIds: [host.id], moduleId: mod.id })).body,
    ).toEqual({ moved: 1 })
    const moved = (await api(app, admin, 'GET', `/api/cmdb/hosts/${host.id}`)).body
    expect(moved).toMatchObject({ moduleId: mod.id, setName: 'web', bizName: 'shop' })

    const delModule = await api(app, admin, 'DELETE', `/api/cmdb/modules/${mod.id}`)
    expect(delModule.status).toBe(409)
    expect(delModule.body.error.message).toMatch(/still has hosts/)
    expect((await api(app, admin, 'DELETE', `/api/cmdb/sets/${set.id}`)).status).toBe(409)
    expect((await api(app, admin, 'DELETE', `/api/cmdb/businesses/${biz.id}`)).status).toBe(409)
    expect((await api(app, admin, 'DELETE', `/api/cmdb/hosts/${host.id}`)).status).toBe(409)

    const topo = (await api(app, admin, 'GET', '/api/cmdb/topology')).body
    const shop = topo.businesses.find((b: { id: number }) => b.id === biz.id)
    const internal = shop.sets.find((s: { builtin: boolean }) => s.builtin)
    expect((await api(app, admin, 'DELETE', `/api/cmdb/sets/${internal.id}`)).status).toBe(409)
    expect((await api(app, admin, 'DELETE', `/api/cmdb/modules/${internal.modules[0].id}`)).status).toBe(409)
    const dflt = topo.businesses.find((b: { isDefault: boolean }) => b.isDefault)
    expect((await api(app, admin, 'DELETE', `/api/cmdb/businesses/${dflt.id}`)).status).toBe(409)

    // Back to the idle pool of its business: now the module, the host and the business can go.
    expect(
      (await api(app, admin, 'POST', '/api/cmdb/hosts/move', { hostIds: [host.id], moduleId: internal.modules[0].id }))
        .status,
    ).toBe(200)
    expect((await api(app, admin, 'DELETE', `/api/cmdb/modules/${mod.id}`)).status).toBe(200)
    expect((await api(app, admin, 'DELETE', `/api/cmdb/hosts/${host.id}`)).status).toBe(200)
    expect((await api(app, admin, 'DELETE', `/api/cmdb/businesses/${biz.id}`)).status).toBe(200)
    const audit = (await api(app, admin, 'GET', '/api/audit-logs?pageSize=50')).body.items.map(
      (e: { action: string }) => e.action,
    )
    expect(audit).toEqual(expect.arrayContaining(['host.move', 'module.delete', 'host.delete', 'business.delete']))
  })

  it('refuses a move across businesses out of a normal module', async () => {
    const { app, admin, host, mod } = await setup()
    await api(app, admin, 'POST', '/api/cmdb/hosts/move', { hostIds: [host.id], moduleId: mod.id })
    const other = (await api(app, admin, 'POST', '/api/cmdb/businesses', { name: 'billing' })).body
    const otherSet = (await api(app, admin, 'POST', '/api/cmdb/sets', { bizId: other.id, name: 'api' })).body
    const otherMod = (await api(app, admin, 'POST', '/api/cmdb/modules', { setId: otherSet.id, name: 'svc' })).body
    const res = await api(app, admin, 'POST', '/api/cmdb/hosts/move', { hostIds: [host.id], moduleId: otherMod.id })
    expect(res.status).toBe(409)
  })

  it('answers 400 naming the field for bad input and writes nothing; 409 for duplicate names', async () => {
    const { app, admin, biz } = await setup()
    const bad = await api(app, admin, 'POST', '/api/cmdb/sets', { bizId: 'x', name: '' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['body.bizId', 'body.name']),
    )
    const badIp = await api(app, admin, 'POST', '/api/cmdb/hosts', { name: 'x', innerIp: '999.1.1.1' })
    expect(badIp.status).toBe(400)
    expect(badIp.body.error.details[0].path).toBe('body.innerIp')
    const unknownModule = await api(app, admin, 'POST', '/api/cmdb/hosts/move', { hostIds: [1], moduleId: 99999 })
    expect(unknownModule.status).toBe(400)
    expect((await api(app, admin, 'GET', '/api/cmdb/topology')).body.hostCount).toBe(1)
    expect((await api(app, admin, 'POST', '/api/cmdb/sets', { bizId: biz.id, name: 'web' })).status).toBe(409)
    expect((await api(app, admin, 'POST', '/api/cmdb/businesses', { name: 'shop' })).status).toBe(409)
  })

  it('searches hosts by name or IP, module and status', async () => {
    const { app, admin, mod } = await setup()
    await api(app, admin, 'POST', '/api/cmdb/hosts', { name: 'db-01', innerIp: '10.0.1.7', moduleId: mod.id })
    const byIp = (await api(app, admin, 'GET', '/api/cmdb/hosts?q=10.0.1')).body
    expect(byIp.items.map((h: { name: string }) => h.name)).toEqual(['db-01'])
    expect((await api(app, admin, 'GET', `/api/cmdb/hosts?moduleId=${mod.id}`)).body.total).toBe(1)
    expect((await api(app, admin, 'GET', '/api/cmdb/hosts?status=online')).body.total).toBe(0)
    expect((await api(app, admin, 'GET', '/api/cmdb/hosts?q=WEB')).body.total).toBe(1)
  })

  it('keeps host tags as key/value pairs and limits them to 10', async () => {
    const { app, admin, host } = await setup()
    const updated = await api(app, admin, 'PATCH', `/api/cmdb/hosts/${host.id}`, {
      tags: [
        { key: 'env', value: 'prod' },
        { key: 'team', value: 'web' },
      ],
    })
    expect(updated.body.tags).toEqual([
      { key: 'env', value: 'prod' },
      { key: 'team', value: 'web' },
    ])
    const tooMany = await api(app, admin, 'PATCH', `/api/cmdb/hosts/${host.id}`, {
      tags: Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: 'v' })),
    })
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.error.details[0].path).toBe('body.tags')
    expect((await api(app, admin, 'PATCH', `/api/cmdb/hosts/${host.id}`, { name: ' padded ' })).status).toBe(400)
    expect((await api(app, admin, 'GET', `/api/cmdb/hosts/${host.id}`)).body.tags).toHaveLength(2)
  })

  it('lets viewers read but not write', async () => {
    const { app } = await setup()
    const viewer = await loginAs(app, 'viewer', 'viewer-demo-1')
    expect((await api(app, viewer, 'GET', '/api/cmdb/topology')).status).toBe(200)
    expect((await api(app, viewer, 'POST', '/api/cmdb/businesses', { name: 'nope' })).status).toBe(403)
    expect((await api(app, viewer, 'POST', '/api/agent-tokens', { description: 'nope' })).status).toBe(403)
  })

  it('isolates tenants', async () => {
    const { app, admin, host } = await setup()
    const tenant = (await api(app, admin, 'POST', '/api/tenants', { name: 'other' })).body
    await api(app, admin, 'POST', '/api/users', {
      username: 'other-admin',
      displayName: 'Other',
      role: 'admin',
      password: 'other-admin-pw',
      tenantId: tenant.id,
    })
    const other = await loginAs(app, 'other-admin', 'other-admin-pw')
    expect((await api(app, other, 'GET', '/api/cmdb/topology')).body).toEqual({
      businesses: [],
      hostCount: 0,
      onlineCount: 0,
    })
    expect((await api(app, other, 'GET', '/api/cmdb/hosts')).body.total).toBe(0)
    expect((await api(app, other, 'GET', `/api/cmdb/hosts/${host.id}`)).status).toBe(404)
    expect((await api(app, other, 'PATCH', `/api/cmdb/hosts/${host.id}`, { name: 'stolen' })).status).toBe(404)
    const mine = (await api(app, other, 'POST', '/api/cmdb/hosts', { name: 'b-01', innerIp: '10.9.0.1' })).body
    expect(
      (await api(app, other, 'POST', '/api/cmdb/hosts/move', { hostIds: [host.id], moduleId: mine.moduleId })).status,
    ).toBe(400)
  })

  it('keeps the tree cheap with 5,000 hosts (aggregate counts only)', async () => {
    const { app, admin, mod } = await setup()
    const [{ tenant_id }] = await app.services.handle.query<{ tenant_id: string }>(
      'select tenant_id from cmdb_modules where id = $1',
      [mod.id],
    )
    await app.services.handle.query(
      `insert into cmdb_hosts (tenant_id, module_id, name, inner_ip, agent_status)
      select $1, $2, 'bulk-' || g, '10.1.' || (g / 250) || '.' || (g % 250),
        case when g % 3 = 0 then 'offline' else 'online' end
      from generate_series(1, 5000) g`,
      [tenant_id, mod.id],
    )
    const started = Date.now()
    const res = await app.inject({ method: 'GET', url: '/api/cmdb/topology', headers: admin })
    expect(Date.now() - started).toBeLessThan(2000)
    expect(res.json().hostCount).toBe(5001)
    expect(res.body.length).toBeLessThan(5000)
    const page = (await api(app, admin, 'GET', `/api/cmdb/hosts?moduleId=${mod.id}&pageSize=50`)).body
    expect(page).toMatchObject({ total: 5000, pageSize: 50 })
    expect(page.items).toHaveLength(50)
  })
})
