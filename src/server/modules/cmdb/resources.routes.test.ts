import { describe, expect, it } from 'vitest'
import { iamToken, loginAs, testApp } from '../../testing/test-app'

async function setup(n = 3) {
  const app = await testApp()
  const admin = await loginAs(app)
  const hosts = []
  for (let i = 1; i <= n; i++) {
    hosts.push(
      (
        await app.inject({
          method: 'POST',
          url: '/api/cmdb/hosts',
          headers: admin,
          payload: {
            name: `srv-${i}`,
            innerIp: `10.0.0.${i}`,
            cloudRegion: 'cn-north-4',
            tags: [{ key: 'env', value: 'prod' }],
          },
        })
      ).json(),
    )
  }
  await app.services.handle.query(
    `update cmdb_hosts set agent_sn = 'sn' || id, agent_status = 'online' where name = 'srv-1'`,
  )
  return { app, admin, hosts, token: await iamToken(app) }
}

describe('GET /v1/resources', () => {
  it('returns the inventory in the seed shape with agent ids for the seed parameters', async () => {
    const { app, token, hosts } = await setup()
    const res = await app.inject({
      method: 'GET',
      url: '/v1/resources?provider=ecs&type=cloudservers&limit=100',
      headers: { 'x-auth-token': token },
    })
    expect(res.statusCode).toBe(200)
    const { data } = res.json()
    expect(data).toHaveLength(3)
    expect(data[0]).toMatchObject({
      id: String(hosts[0].id),
      name: 'srv-1',
      provider: 'ecs',
      type: 'cloudservers',
      region_id: 'cn-north-4',
      agent_id: `sn${hosts[0].id}`,
      agent_state: 'ONLINE',
      tags: { env: 'prod' },
      inner_ip: '10.0.0.1',
    })
    expect(data[0].resource_id).toHaveLength(36)
    expect(data[0].project_id).toHaveLength(32)
    expect(data[1].agent_id).toBeNull()
  })

  it('pages with limit and marker and filters by resource_id_list', async () => {
    const { app, token, hosts } = await setup()
    const h = { 'x-auth-token': token }
    const first = (
      await app.inject({ method: 'GET', url: '/v1/resources?provider=ecs&type=cloudservers&limit=2', headers: h })
    ).json().data
    expect(first).toHaveLength(2)
    const rest = (
      await app.inject({
        method: 'GET',
        url: `/v1/resources?provider=ecs&type=cloudservers&limit=2&marker=${first[1].id}`,
        headers: h,
      })
    ).json().data
    expect(rest.map((r: { name: string }) => r.name)).toEqual(['srv-3'])
    const ids = `resource_id_list=${hosts[0].resourceId}&resource_id_list=${hosts[2].resourceId}`
    const picked = (
      await app.inject({
        method: 'GET',
        url: `/v1/resources?provider=ecs&type=cloudservers&limit=10&${ids}`,
        headers: h,
      })
    ).json().data
    expect(picked.map((r: { name: string }) => r.name)).toEqual(['srv-1', 'srv-3'])
    const rds = (
      await app.inject({ method: 'GET', url: '/v1/resources?provider=rds&type=instances&limit=10', headers: h })
    ).json()
    expect(rds).toEqual({ data: [] })
  })

  it('answers 400 with a COC error for limit above 100 or missing parameters', async () => {
    const { app, token } = await setup(1)
    const h = { 'x-auth-token': token }
    const over = await app.inject({
      method: 'GET',
      url: '/v1/resources?provider=ecs&type=cloudservers&limit=101',
      headers: h,
    })
    expect(over.statusCode).toBe(400)
    expect(over.json()).toMatchObject({ error_code: 'COC.00040701', error_msg: expect.stringContaining('limit') })
    const missing = await app.inject({ method: 'GET', url: '/v1/resources?limit=10', headers: h })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error_msg).toMatch(/provider/)
    const marker = await app.inject({
      method: 'GET',
      url: '/v1/resources?provider=ecs&type=cloudservers&limit=10&marker=abc',
      headers: h,
    })
    expect(marker.statusCode).toBe(400)
    expect(
      (await app.inject({ method: 'GET', url: '/v1/resources?provider=ecs&type=cloudservers&limit=10' })).statusCode,
    ).toBe(401)
  })
})

describe('agent enrollment tokens', () => {
  it('shows a token once, lists it without the secret, and revokes it', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    const created = await app.inject({
      method: 'POST',
      url: '/api/agent-tokens',
      headers: admin,
      payload: { description: 'rack 7', expiresInDays: 30 },
    })
    expect(created.statusCode).toBe(201)
    const { token, id } = created.json()
    expect(token).toMatch(/^oca_/)
    expect(await app.services.agentTokens.verify(token)).toMatchObject({ tokenId: id })
    const list = await app.inject({ method: 'GET', url: '/api/agent-tokens', headers: admin })
    expect(list.body).not.toContain(token)
    expect(list.json()[0]).toMatchObject({ id, description: 'rack 7', revokedAt: null })
    expect((await app.inject({ method: 'DELETE', url: `/api/agent-tokens/${id}`, headers: admin })).statusCode).toBe(
      200,
    )
    expect(await app.services.agentTokens.verify(token)).toBeNull()
    expect((await app.inject({ method: 'DELETE', url: `/api/agent-tokens/${id}`, headers: admin })).statusCode).toBe(
      404,
    )
    const audit = (
      await app.inject({ method: 'GET', url: '/api/audit-logs?action=agent-token.create', headers: admin })
    ).json()
    expect(JSON.stringify(audit)).not.toContain(token)
    const bad = await app.inject({
      method: 'POST',
      url: '/api/agent-tokens',
      headers: admin,
      payload: { description: '' },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details[0].path).toBe('body.description')
  })
})
