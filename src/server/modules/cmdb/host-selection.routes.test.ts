import { describe, expect, it } from 'vitest'
import type { App } from '../../app'
import { loginAs, testApp } from '../../testing/test-app'

type Headers = Awaited<ReturnType<typeof loginAs>>
const FLEET = 5000

async function api(app: App, h: Headers, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) })
  return { status: res.statusCode, body: res.json() }
}

/** host-1 … host-5000 at 10.20.x.y: odd ids in module `api`, even ones in `web`; every third one online. */
async function fleet() {
  const app = await testApp({ demoSeed: false })
  const admin = await loginAs(app)
  const biz = (await api(app, admin, 'POST', '/api/cmdb/businesses', { name: 'shop' })).body
  const set = (await api(app, admin, 'POST', '/api/cmdb/sets', { bizId: biz.id, name: 'frontend' })).body
  const apiMod = (await api(app, admin, 'POST', '/api/cmdb/modules', { setId: set.id, name: 'api' })).body
  const webMod = (await api(app, admin, 'POST', '/api/cmdb/modules', { setId: set.id, name: 'web' })).body
  await app.services.handle.query(
    `insert into cmdb_hosts (tenant_id, module_id, name, inner_ip, agent_sn, agent_status)
     select b.tenant_id, case when g % 2 = 1 then $2::int else $3::int end, 'host-' || g,
       '10.20.' || (g / 256) || '.' || (g % 256), 'sn-' || g,
       case when g % 3 = 0 then 'online' else 'offline' end
     from generate_series(1, $4::int) g, cmdb_businesses b where b.id = $1`,
    [biz.id, apiMod.id, webMod.id, FLEET],
  )
  return { app, admin, biz, set, apiMod, webMod }
}
const ip = (g: number) => `10.20.${Math.floor(g / 256)}.${g % 256}`

describe('host selection at scale (5,000 hosts)', () => {
  it('"select all matching" returns every matching id, online first, without loading the rows', async () => {
    const { app, admin, biz, set, apiMod } = await fleet()
    const all = (await api(app, admin, 'GET', `/api/cmdb/hosts/matching?bizId=${biz.id}`)).body
    expect(all).toMatchObject({ total: FLEET, onlineTotal: Math.floor(FLEET / 3), truncated: false })
    expect(all.ids).toHaveLength(FLEET)
    expect(new Set(all.ids).size).toBe(FLEET)
    const bySet = (await api(app, admin, 'GET', `/api/cmdb/hosts/matching?setId=${set.id}&status=online`)).body
    expect(bySet.total).toBe(Math.floor(FLEET / 3))
    const byModule = (await api(app, admin, 'GET', `/api/cmdb/hosts/matching?moduleId=${apiMod.id}&q=host-1`)).body
    // Odd hosts whose name contains "host-1": every id in the module, and the list has no row payload.
    expect(byModule.total).toBeGreaterThan(0)
    expect(byModule.ids.every((id: unknown) => typeof id === 'number')).toBe(true)

    // The first page lists online hosts first; the online ids lead the matching list too.
    const page = (await api(app, admin, 'GET', `/api/cmdb/hosts?bizId=${biz.id}&pageSize=200&page=1`)).body
    expect(page.total).toBe(FLEET)
    expect(page.items.every((h: { agentStatus: string }) => h.agentStatus === 'online')).toBe(true)
    expect(page.items.map((h: { id: number }) => h.id)).toEqual(all.ids.slice(0, 200))
    const last = (await api(app, admin, 'GET', `/api/cmdb/hosts?bizId=${biz.id}&pageSize=200&page=25`)).body
    expect(last.items.every((h: { agentStatus: string }) => h.agentStatus === 'offline')).toBe(true)
  })

  it('resolves 300 pasted IPs and names, reporting what matched nothing and which hosts are offline', async () => {
    const { app, admin, webMod } = await fleet()
    const entries = [
      ...Array.from({ length: 298 }, (_, i) => ip(i + 1)),
      'HOST-4999', // a name, any case
      '192.168.77.77', // nobody
    ]
    const res = await api(app, admin, 'POST', '/api/cmdb/hosts/resolve', { entries })
    expect(res.status).toBe(200)
    expect(res.body.hosts).toHaveLength(299)
    expect(res.body.unmatched).toEqual(['192.168.77.77'])
    const statuses = res.body.hosts.map((h: { agentStatus: string }) => h.agentStatus)
    expect(statuses.filter((s: string) => s === 'online')).toHaveLength(99) // 3, 6, … 297
    expect(statuses.indexOf('offline')).toBe(99) // online first
    expect(res.body.hosts.some((h: { name: string }) => h.name === 'host-4999')).toBe(true)

    // Limited to one module: the odd hosts are outside it and reported as unmatched.
    const inWeb = await api(app, admin, 'POST', '/api/cmdb/hosts/resolve', {
      entries: [ip(2), ip(3)],
      moduleId: webMod.id,
    })
    expect(inWeb.body.hosts.map((h: { name: string }) => h.name)).toEqual(['host-2'])
    expect(inWeb.body.unmatched).toEqual([ip(3)])
  })

  it('resolves stored resource ids to their hosts (the plan editor shows names, not ids)', async () => {
    const { app, admin } = await fleet()
    const two = await api(app, admin, 'POST', '/api/cmdb/hosts/resolve', { entries: [ip(3), ip(4)] })
    const ids = two.body.hosts.map((h: { resourceId: string }) => h.resourceId)
    const res = await api(app, admin, 'POST', '/api/cmdb/hosts/resolve', { entries: [...ids, 'no-such-resource-id'] })
    expect(res.status).toBe(200)
    expect(res.body.hosts.map((h: { innerIp: string }) => h.innerIp).sort()).toEqual([ip(3), ip(4)].sort())
    expect(res.body.unmatched).toEqual(['no-such-resource-id'])
  })

  it('refuses an empty or oversized paste in the console envelope', async () => {
    const { app, admin } = await fleet()
    const empty = await api(app, admin, 'POST', '/api/cmdb/hosts/resolve', { entries: [] })
    expect(empty.status).toBe(400)
    expect(empty.body.error.message).toBeTruthy()
    const tooMany = await api(app, admin, 'POST', '/api/cmdb/hosts/resolve', {
      entries: Array.from({ length: 5001 }, (_, i) => `h${i}`),
    })
    expect(tooMany.status).toBe(400)
  })
})
