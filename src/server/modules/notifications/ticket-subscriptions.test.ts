import { afterEach, describe, expect, it, vi } from 'vitest'
import { webhookReceiver } from '../../testing/local-receivers'
import { loginAs, testApp } from '../../testing/test-app'

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c()
})

describe('ticket subscriptions', () => {
  it('tells the creator and subscribers when the engine pauses, finishes or stops a ticket ABNORMAL', async () => {
    const hooks = await webhookReceiver()
    cleanup.push(hooks.close)
    const app = await testApp()
    const operator = await loginAs(app, 'operator', 'operator-demo-1')
    const reviewer = await loginAs(app, 'reviewer', 'reviewer-demo-1')
    const me = (await app.inject({ method: 'GET', url: '/api/session', headers: operator })).json().user
    // A ticket operator created (as the wizard would have stored it).
    const [{ id }] = await app.services.handle.query<{ id: number }>(
      `INSERT INTO execution_orders (uuid, tenant_id, script_uuid, script_name, script_type, script_revision,
         script_version, risk_level, content, execute_user, timeout_sec, success_rate, status, creator_id, creator_name)
       VALUES ('SCT-sub-1', $1, 'S1', 'disk_usage', 'SHELL', 1, 'v1', 'LOW', 'df -h', 'root', 60, 100, 'PROCESSING', $2, 'operator')
       RETURNING id`,
      [me.tenantId, me.id],
    )
    const sub = (method: string, who: typeof operator) =>
      app.inject({ method, url: '/api/executions/SCT-sub-1/subscription', headers: who })
    expect((await sub('GET', operator)).json()).toEqual({ subscribed: true, isCreator: true })
    expect((await sub('PUT', reviewer)).json()).toEqual({ subscribed: true, isCreator: false })
    expect(
      (await app.inject({ method: 'PUT', url: '/api/executions/nope/subscription', headers: reviewer })).statusCode,
    ).toBe(404)
    await app.inject({
      method: 'POST',
      url: '/api/notification-channels',
      headers: reviewer,
      payload: { kind: 'wecom', name: 'group', target: `${hooks.url}/wecom`, urgencies: ['low'] },
    })

    const step = (orderStatus: 'PAUSED' | 'ABNORMAL') =>
      app.services.db.transaction((tx) =>
        app.services.executionsRepo.applyStep(tx, id, {
          orderStatus,
          batches: [],
          start: [],
          message: 'batch 1 below 100%',
        } as never),
      )
    await step('PAUSED')
    await step('ABNORMAL')
    const kinds = async (who: typeof operator) =>
      (await app.inject({ method: 'GET', url: '/api/inbox', headers: who }))
        .json()
        .items.filter((m: { kind: string }) => m.kind.startsWith('ticket.'))
        .map((m: { kind: string; link: string }) => [m.kind, m.link])
    await vi.waitFor(async () => expect((await kinds(operator)).length).toBe(2), { timeout: 10_000, interval: 200 })
    expect((await kinds(operator)).sort()).toEqual([
      ['ticket.abnormal', '/tickets/SCT-sub-1'],
      ['ticket.paused', '/tickets/SCT-sub-1'],
    ])
    expect((await kinds(reviewer)).length).toBe(2)
    await vi.waitFor(() => expect(hooks.posts).toHaveLength(2), { timeout: 10_000 })
    expect(JSON.parse(hooks.posts[0].body).text.content).toContain('/tickets/SCT-sub-1')

    // Unsubscribed: the reviewer hears nothing more; the creator still does.
    expect((await sub('DELETE', reviewer)).json()).toEqual({ subscribed: false, isCreator: false })
    await app.services.db.transaction((tx) =>
      app.services.executionsRepo.applyStep(tx, id, { orderStatus: 'FINISHED', batches: [], start: [] } as never),
    )
    await vi.waitFor(async () => expect((await kinds(operator)).length).toBe(3), { timeout: 10_000, interval: 200 })
    expect((await kinds(reviewer)).length).toBe(2)
  }, 60_000)
})
