import { describe, expect, it } from 'vitest'
import type { App } from '../../app'
import { cocClient, otherTenant } from '../../testing/script-fixtures'
import { loginAs, testApp } from '../../testing/test-app'
import { waitFor } from '../../testing/agent-process'

/** HTTP semantics without agents: roles, tenant isolation, console views, and a host whose agent is not connected. */
async function setup() {
  const app = await testApp()
  // A demo host that the database believes ONLINE, but no agent is connected to this process.
  const [host] = await app.services.handle.query<{ resource_id: string; id: number }>(
    `insert into cmdb_hosts (tenant_id, module_id, name, inner_ip, agent_sn, agent_status, last_seen_at)
     select b.tenant_id, m.id, 'ghost-host', '10.0.0.9', 'ghost-agent', 'online', now() + interval '1 hour'
     from cmdb_modules m join cmdb_businesses b on b.id = m.biz_id where m.kind = 'idle' and b.is_default limit 1
     returning resource_id, id`,
  )
  const op = await cocClient(app)
  const created = await op.create({
    name: 'ghost_run',
    type: 'SHELL',
    description: 'x',
    content: 'echo hi',
    properties: { risk_level: 'LOW', version: '1' },
  })
  const scriptUuid = created.json().data as string
  const payload = {
    execute_param: { timeout: 30, success_rate: 100, execute_user: 'root' },
    execute_batches: [
      {
        batch_index: 1,
        rotation_strategy: 'CONTINUE',
        target_instances: [{ resource_id: host!.resource_id, region_id: 'r' }],
      },
    ],
  }
  return { app, op, scriptUuid, payload, hostId: host!.id }
}

const run = (app: App, headers: Record<string, string>, scriptUuid: string, payload: object) =>
  app.inject({ method: 'POST', url: `/v1/job/scripts/${scriptUuid}`, headers, payload })

describe('execution routes', () => {
  it('runs on a host whose agent is gone: the instance is ABNORMAL with the reason, the ticket ABNORMAL', async () => {
    const { app, op, scriptUuid, payload, hostId } = await setup()
    const res = await run(app, op.headers, scriptUuid, payload)
    expect(res.statusCode, res.body).toBe(200)
    const uuid = res.json().data as string
    const cons = await loginAs(app, 'operator', 'operator-demo-1')
    const detail = await waitFor(
      async () => {
        const d = (await app.inject({ method: 'GET', url: `/api/executions/${uuid}`, headers: cons })).json()
        return d.status === 'ABNORMAL' && d
      },
      10_000,
      'abnormal',
    )
    expect(detail).toMatchObject({
      executeUuid: uuid,
      scriptName: 'ghost_run',
      totalBatches: 1,
      totalInstances: 1,
      counts: { ABNORMAL: 1 },
      batches: [{ index: 1, status: 'ABNORMAL', total: 1 }],
      allowedOperations: ['RETRY_FAILED', 'RETRY_INSTANCE'],
    })
    const inst = (await app.inject({ method: 'GET', url: `/api/executions/${uuid}/instances`, headers: cons })).json()
    expect(inst.items[0].message).toMatch(/^agent unavailable: agent ghost-agent is not connected/)
    const log = await app.inject({
      method: 'GET',
      url: `/api/executions/${uuid}/instances/${inst.items[0].id}/log`,
      headers: cons,
    })
    expect(log.json()).toMatchObject({ status: 'ABNORMAL', log: '', truncated: false, bytes: 0 })
    const list = (await app.inject({ method: 'GET', url: '/api/executions?q=ghost', headers: cons })).json()
    expect(list).toMatchObject({ total: 1, items: [{ executeUuid: uuid, status: 'ABNORMAL' }] })
    expect(
      (await app.inject({ method: 'GET', url: `/api/executions?hostId=${hostId}`, headers: cons })).json().total,
    ).toBe(1)
    expect(
      (await app.inject({ method: 'GET', url: `/api/executions?hostId=${hostId + 1000}`, headers: cons })).json().total,
    ).toBe(0)
    const audit = await app.services.handle.query<{ action: string }>(
      'select action from audit_log where target_id = $1',
      [uuid],
    )
    expect(audit.map((a) => a.action)).toContain('execution.create')
  })

  it('lets viewers read but not execute or operate', async () => {
    const { app, op, scriptUuid, payload } = await setup()
    const uuid = (await run(app, op.headers, scriptUuid, payload)).json().data
    const viewer = await cocClient(app, 'viewer', 'viewer-demo-1')
    const denied = await run(app, viewer.headers, scriptUuid, payload)
    expect(denied.statusCode).toBe(403)
    expect(denied.json().error_code).toBe('APIGW.0302')
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: `/v1/job/script/orders/${uuid}/operation`,
          headers: viewer.headers,
          payload: { operation_type: 'CANCEL_ORDER' },
        })
      ).statusCode,
    ).toBe(403)
    expect(
      (await app.inject({ method: 'GET', url: `/v1/job/script/orders/${uuid}`, headers: viewer.headers })).statusCode,
    ).toBe(200)
  })

  it('isolates tenants: another project neither lists nor reads nor operates the ticket', async () => {
    const { app, op, scriptUuid, payload } = await setup()
    const uuid = (await run(app, op.headers, scriptUuid, payload)).json().data
    const other = await otherTenant(app)
    const list = await app.inject({ method: 'GET', url: '/v1/job/script/orders', headers: other.headers })
    expect(list.json()).toEqual({ data: { total: 0, data: [] } })
    for (const url of [
      `/v1/job/script/orders/${uuid}`,
      `/v1/job/script/orders/${uuid}/batches`,
      `/v1/job/script/orders/${uuid}/statistics`,
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: other.headers })
      expect(res.statusCode).toBe(404)
      expect(res.json()).toMatchObject({ error_code: 'COC.00040404' })
    }
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: `/v1/job/script/orders/${uuid}/operation`,
          headers: other.headers,
          payload: { operation_type: 'CANCEL_ORDER' },
        })
      ).statusCode,
    ).toBe(404)
    // Nor can it run the first tenant's script on its own hosts.
    expect((await run(app, other.headers, scriptUuid, payload)).statusCode).toBe(404)
  })

  it('validates list and batch queries with COC errors', async () => {
    const { app, op } = await setup()
    for (const url of [
      '/v1/job/script/orders?limit=101',
      '/v1/job/script/orders?status=DONE',
      '/v1/job/script/orders/SCT1/batches/21?limit=10',
      '/v1/job/script/orders/SCT1/batches/1?limit=51',
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: op.headers })
      expect(res.statusCode, url).toBe(400)
      expect(res.json().error_code).toBe('COC.00040701')
    }
    const missing = await app.inject({
      method: 'GET',
      url: '/v1/job/script/orders/SCT20990101000000aaaaaaaaa',
      headers: op.headers,
    })
    expect(missing.statusCode).toBe(404)
    const noAuth = await app.inject({ method: 'GET', url: '/v1/job/script/orders' })
    expect(noAuth.statusCode).toBe(401)
  })

  it('answers the events stream 404 for an unknown ticket', async () => {
    const { app } = await setup()
    const cons = await loginAs(app, 'operator', 'operator-demo-1')
    const res = await app.inject({
      method: 'GET',
      url: '/api/executions/SCT20990101000000aaaaaaaaa/events',
      headers: cons,
    })
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('NOT_FOUND')
  })
})
