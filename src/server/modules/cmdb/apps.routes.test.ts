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
  const h = await loginAs(app, 'operator', 'operator-demo-1')
  const make = async (name: string, parentId: number | null = null) =>
    (await api(app, h, 'POST', '/api/cmdb/apps', { name, parentId })).body
  const shop = await make('shop')
  const web = await make('web', shop.id)
  const db = await make('db')
  const cache = await make('cache')
  return { app, h, shop, web, db, cache }
}

describe('applications and dependencies', () => {
  it('creates a tree with dotted full names and dependency edges in both views', async () => {
    const { app, h, web, db, cache } = await setup()
    expect(web.fullName).toBe('shop.web')
    expect(
      (await api(app, h, 'POST', `/api/cmdb/apps/${web.id}/dependencies`, { requiredAppId: db.id })).body.requires,
    ).toEqual([db.id])
    await api(app, h, 'POST', `/api/cmdb/apps/${web.id}/dependencies`, { requiredAppId: cache.id })
    const list = (await api(app, h, 'GET', '/api/cmdb/apps')).body
    expect(list.find((a: { id: number }) => a.id === db.id).requiredBy).toEqual([web.id])
  })

  it('refuses cycles, self-parenting, duplicates and deleting what others need', async () => {
    const { app, h, shop, web, db, cache } = await setup()
    await api(app, h, 'POST', `/api/cmdb/apps/${web.id}/dependencies`, { requiredAppId: cache.id })
    await api(app, h, 'POST', `/api/cmdb/apps/${cache.id}/dependencies`, { requiredAppId: db.id })
    const cycle = await api(app, h, 'POST', `/api/cmdb/apps/${db.id}/dependencies`, { requiredAppId: web.id })
    expect(cycle.status).toBe(400)
    expect(cycle.body.error.details[0].path).toBe('body.requiredAppId')
    expect(
      (await api(app, h, 'POST', `/api/cmdb/apps/${web.id}/dependencies`, { requiredAppId: cache.id })).status,
    ).toBe(409)
    expect((await api(app, h, 'PATCH', `/api/cmdb/apps/${shop.id}`, { parentId: web.id })).status).toBe(400)
    expect((await api(app, h, 'DELETE', `/api/cmdb/apps/${db.id}`)).status).toBe(409)
    expect((await api(app, h, 'DELETE', `/api/cmdb/apps/${shop.id}`)).status).toBe(409)
    expect((await api(app, h, 'POST', '/api/cmdb/apps', { name: 'shop' })).status).toBe(409)
    expect((await api(app, h, 'POST', '/api/cmdb/apps', { name: 'bad name!' })).status).toBe(400)
    expect((await api(app, h, 'DELETE', `/api/cmdb/apps/${cache.id}/dependencies/${db.id}`)).body.requires).toEqual([])
    expect((await api(app, h, 'DELETE', `/api/cmdb/apps/${cache.id}/dependencies/${db.id}`)).status).toBe(404)
    expect((await api(app, h, 'DELETE', `/api/cmdb/apps/${db.id}`)).status).toBe(200)
  })

  it('serves the graph around an application by depth and direction', async () => {
    const { app, h, web, db, cache } = await setup()
    await api(app, h, 'POST', `/api/cmdb/apps/${web.id}/dependencies`, { requiredAppId: cache.id })
    await api(app, h, 'POST', `/api/cmdb/apps/${cache.id}/dependencies`, { requiredAppId: db.id })
    const one = (await api(app, h, 'GET', `/api/cmdb/app-graph?rootId=${web.id}&depth=1&direction=requires`)).body
    expect(one.nodes.map((n: { name: string }) => n.name).sort()).toEqual(['cache', 'web'])
    const two = (await api(app, h, 'GET', `/api/cmdb/app-graph?rootId=${web.id}&depth=2`)).body
    expect(two.edges).toEqual(
      expect.arrayContaining([
        { from: web.id, to: cache.id, kind: 'requires' },
        { from: cache.id, to: db.id, kind: 'requires' },
      ]),
    )
    const all = (await api(app, h, 'GET', '/api/cmdb/app-graph')).body
    expect(all.edges).toEqual(expect.arrayContaining([{ from: web.id - 1, to: web.id, kind: 'contains' }]))
    expect((await api(app, h, 'GET', '/api/cmdb/app-graph?depth=9')).status).toBe(400)
    expect((await api(app, h, 'GET', '/api/cmdb/app-graph?rootId=9999')).status).toBe(404)
  })
})
