import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { App } from '../../app'
import { smtpSink, webhookReceiver } from '../../testing/local-receivers'
import { loginAs, testApp } from '../../testing/test-app'

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

const ALARM = {
  alarmId: 'page-me-1',
  alarmName: 'Order API down',
  alarmLevel: 'Critical',
  time: Date.now(),
  nameSpace: 'mall',
  regionId: 'cn-north-4',
  applicationId: 'mall-order',
  alarmDesc: 'HTTP 5xx above 50%',
  alarmSource: 'prometheus',
  alarmStatus: 'alarm',
}

type Headers = Awaited<ReturnType<typeof loginAs>>
const get = async (app: App, url: string, headers: Headers) =>
  (await app.inject({ method: 'GET', url, headers })).json()
const pages = async (app: App, who: Headers) =>
  (await get(app, '/api/inbox', who)).items.filter((m: { kind: string }) => m.kind === 'incident.page')

describe('paging an alarm-webhook P1 with the demo on-call', () => {
  it('pages operator (inbox, signed webhook, e-mail over TLS), escalates to admin, stops on accept', async () => {
    const hooks = await webhookReceiver()
    const smtp = await smtpSink()
    cleanup.push(hooks.close, smtp.close)
    const app = await testApp({
      config: { smtpUrl: smtp.url, smtpRequireTls: true, smtpTlsRejectUnauthorized: false, notifyMaxAttempts: 2 },
    })
    const admin = await loginAs(app)
    const operator = await loginAs(app, 'operator', 'operator-demo-1')

    // The demo policy escalates after 5 min; shortened to 2 s here, as an admin would in the editor.
    const [policy] = await get(app, '/api/escalation-policies', admin)
    expect(policy.name).toBe('Mall incidents')
    const shortened = await app.inject({
      method: 'PUT',
      url: `/api/escalation-policies/${policy.id}`,
      headers: admin,
      payload: { ...policy, steps: policy.steps.map((s: object) => ({ ...s, timeoutSec: 2 })) },
    })
    expect(shortened.statusCode).toBe(200)
    const [schedule] = await get(app, '/api/oncall-schedules', admin)
    expect(schedule.onCallNow.username).toBe('operator')

    // operator's own channels: a signed generic webhook and e-mail; admin's: a webhook that is down.
    for (const [who, body] of [
      [operator, { kind: 'generic', name: 'team hook', target: `${hooks.url}/hook`, secret: 's3cret' }],
      [operator, { kind: 'email', name: 'mail', target: 'operator@example.com', urgencies: ['high'] }],
      [admin, { kind: 'slack', name: 'broken', target: `${hooks.url}/fail`, urgencies: ['high'] }],
    ] as const) {
      const res = await app.inject({ method: 'POST', url: '/api/notification-channels', headers: who, payload: body })
      expect(res.statusCode).toBe(201)
    }

    const key = (
      await app.inject({ method: 'POST', url: '/api/integration-keys', headers: admin, payload: { name: 'prom' } })
    ).json().key
    const posted = Date.now()
    expect(
      (await app.inject({ method: 'POST', url: `/v1/event/huawei/custom/${key}`, payload: ALARM })).statusCode,
    ).toBe(200)

    await vi.waitFor(async () => expect(await pages(app, operator)).toHaveLength(1), { timeout: 5000, interval: 100 })
    expect(Date.now() - posted).toBeLessThan(5000)
    const [page] = await pages(app, operator)
    expect(page.title).toBe('[P1] Order API down')
    const num = decodeURIComponent(page.link.split('/').pop())

    await vi.waitFor(() => expect(hooks.posts.filter((p) => p.path === '/hook')).toHaveLength(1), { timeout: 5000 })
    const post = hooks.posts.find((p) => p.path === '/hook')!
    expect(post.headers['x-signature-256']).toBe(
      `sha256=${createHmac('sha256', 's3cret').update(post.body).digest('hex')}`,
    )
    expect(JSON.parse(post.body)).toMatchObject({ event: 'incident.page', subject: '[P1] Order API down' })
    await vi.waitFor(() => expect(smtp.mails).toHaveLength(1), { timeout: 10_000 })
    expect(smtp.mails[0]).toMatchObject({ to: ['operator@example.com'], secure: true })
    expect(smtp.mails[0].raw).toContain(num)

    // The P1 with a region opened a war room whose admin is the on-call person, not the integration.
    await vi.waitFor(async () => expect((await get(app, `/api/incidents/${num}`, admin)).war_room_num).toMatch(/^WR/), {
      timeout: 5000,
    })
    const room = await get(
      app,
      `/api/war-rooms/${(await get(app, `/api/incidents/${num}`, admin)).war_room_num}`,
      admin,
    )
    expect(room.admin).toBe('operator')

    // Nobody accepted within 2 s: the second level (admin) is paged.
    expect(await pages(app, admin)).toHaveLength(0)
    await vi.waitFor(async () => expect(await pages(app, admin)).toHaveLength(1), { timeout: 8000, interval: 200 })

    const accept = await app.inject({
      method: 'POST',
      url: '/v1/external/incident/handle',
      headers: operator,
      payload: { incident_num: num, operator: 'operator', operate_key: 'acceptedIncident1' },
    })
    expect(accept.statusCode).toBe(200)
    const view = await get(app, `/api/incidents/${num}`, admin)
    expect(view).toMatchObject({ status: 'INCIDENT_STATUS_ACKNOWLEDGED', assignee_name: 'Olivia Operator' })

    // The repeat (operator again, 2 s after admin) never comes; admin's broken channel fails visibly.
    await vi.waitFor(
      async () => {
        const paging = await get(app, `/api/incidents/${num}/paging`, admin)
        expect(paging.deliveries.find((d: { channel: string }) => d.channel === 'slack')).toMatchObject({
          status: 'failed',
          attempts: 2,
        })
      },
      { timeout: 15_000, interval: 250 },
    )
    expect(await pages(app, operator)).toHaveLength(1)
    const paging = await get(app, `/api/incidents/${num}/paging`, admin)
    expect(paging).toMatchObject({
      status: 'acknowledged',
      policyName: 'Mall incidents',
      step: 1,
      acknowledgedBy: 'Olivia Operator',
    })
    const timeline = (await get(app, `/api/incidents/${num}`, admin)).timeline.map(
      (t: { action: string; fields: Record<string, unknown> }) => [t.action, t.fields.user ?? null],
    )
    expect(timeline).toEqual(
      expect.arrayContaining([
        ['page.notified', 'operator'],
        ['page.notified', 'admin'],
        ['acceptedIncident1', null],
        ['page.acknowledged', 'operator'],
        ['page.delivery-retrying', 'admin'],
        ['page.delivery-failed', 'admin'],
      ]),
    )
    const notified = (await get(app, `/api/incidents/${num}`, admin)).timeline.find(
      (t: { action: string; fields: { user?: string } }) =>
        t.action === 'page.notified' && t.fields.user === 'operator',
    )
    expect(notified.fields.channels).toEqual(['inbox', 'generic', 'email'])
  }, 60_000)
})
