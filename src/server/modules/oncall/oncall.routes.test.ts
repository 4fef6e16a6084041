import { describe, expect, it, vi } from 'vitest'
import { loginAs, testApp } from '../../testing/test-app'

describe('on-call routes', () => {
  it('validates schedules, overrides and policies; channels are private; a P3 pages once; an unaccepted chain ends', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    const operator = await loginAs(app, 'operator', 'operator-demo-1')
    const viewer = await loginAs(app, 'viewer', 'viewer-demo-1')
    const people = (await app.inject({ method: 'GET', url: '/api/oncall-people', headers: viewer })).json()
    const id = (name: string) => people.find((p: { username: string }) => p.username === name).id
    const schedule = {
      name: 'DB',
      timeZone: 'Europe/Berlin',
      rotation: 'weekly',
      handoffTime: '10:00',
      startDate: '2026-01-05',
      memberIds: [id('reviewer'), id('operator')],
    }
    const post = (url: string, payload: object, headers = admin) =>
      app.inject({ method: 'POST', url, headers, payload })
    expect((await post('/api/oncall-schedules', schedule, viewer)).statusCode).toBe(403)
    expect((await post('/api/oncall-schedules', { ...schedule, timeZone: 'Mars/Base' })).statusCode).toBe(400)
    expect((await post('/api/oncall-schedules', { ...schedule, memberIds: [crypto.randomUUID()] })).statusCode).toBe(
      400,
    )
    const created = await post('/api/oncall-schedules', schedule)
    expect(created.statusCode).toBe(201)
    expect((await post('/api/oncall-schedules', schedule)).statusCode).toBe(409)
    const sid = created.json().id
    const shifts = await app.inject({
      method: 'GET',
      url: `/api/oncall-schedules/${sid}/shifts?from=2026-03-02T00:00:00Z&to=2026-03-16T00:00:00Z`,
      headers: viewer,
    })
    // Week 7 since 2026-01-05 (operator) runs until Monday 2026-03-02 10:00 Berlin (09:00Z), then reviewer, then operator.
    expect(shifts.json().map((s: { user: { username: string }; start: string }) => [s.user.username, s.start])).toEqual(
      [
        ['operator', '2026-03-02T00:00:00.000Z'],
        ['reviewer', '2026-03-02T09:00:00.000Z'],
        ['operator', '2026-03-09T09:00:00.000Z'],
      ],
    )
    const tooLong = `/api/oncall-schedules/${sid}/shifts?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z`
    expect((await app.inject({ method: 'GET', url: tooLong, headers: viewer })).statusCode).toBe(400)
    const now = Date.now()
    const override = await post(`/api/oncall-schedules/${sid}/overrides`, {
      userId: id('admin'),
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
    })
    expect(override.json().onCallNow.username).toBe('admin')
    const backwards = {
      userId: id('admin'),
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now - 1).toISOString(),
    }
    expect((await post(`/api/oncall-schedules/${sid}/overrides`, backwards)).statusCode).toBe(400)

    const badPolicy = {
      name: 'x',
      steps: [{ timeoutSec: 1, targets: [{ type: 'schedule', id: crypto.randomUUID() }] }],
    }
    expect((await post('/api/escalation-policies', badPolicy)).statusCode).toBe(400)
    // The demo policy is replaced by one that repeats nothing and escalates P3 too, with 1 s levels.
    const [demo] = (await app.inject({ method: 'GET', url: '/api/escalation-policies', headers: admin })).json()
    await app.inject({ method: 'DELETE', url: `/api/escalation-policies/${demo.id}`, headers: admin })
    const chain = await post('/api/escalation-policies', {
      name: 'fast',
      escalateLevels: ['level_10'],
      steps: [{ timeoutSec: 1, targets: [{ type: 'user', id: id('operator') }] }],
    })
    expect(chain.statusCode).toBe(201)

    // Channels belong to their owner alone.
    const ch = await post(
      '/api/notification-channels',
      { kind: 'slack', name: 's', target: 'http://127.0.0.1:9/x' },
      operator,
    )
    expect(ch.json()).toMatchObject({ targetHint: 'http://127.0.0.1:9/x…', hasSecret: false })
    expect((await post(`/api/notification-channels/${ch.json().id}/test`, {}, admin)).statusCode).toBe(404)
    expect((await app.inject({ method: 'GET', url: '/api/notification-channels', headers: admin })).json()).toEqual([])
    const test = await post(`/api/notification-channels/${ch.json().id}/test`, {}, operator)
    expect(test.json().status).toBe('failed')

    const incident = (level: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/external/incident/create',
        headers: admin,
        payload: {
          incident_level: level,
          is_service_interrupt: false,
          incident_type: 'inc_type_p_function_issues',
          incident_title: `t ${level}`,
          incident_source: 'incident_source_manual',
          incident_assignee: ['admin'],
          creator: 'admin',
        },
      })
    const p3 = (await incident('level_30')).json().data.incident_num
    const p1 = (await incident('level_10')).json().data.incident_num
    const paging = async (num: string) =>
      (await app.inject({ method: 'GET', url: `/api/incidents/${num}/paging`, headers: viewer })).json()
    await vi.waitFor(async () => expect((await paging(p3)).status).toBe('notified'), { timeout: 10_000, interval: 200 })
    await vi.waitFor(async () => expect((await paging(p1)).status).toBe('exhausted'), {
      timeout: 15_000,
      interval: 250,
    })
    const actions = (await app.inject({ method: 'GET', url: `/api/incidents/${p1}`, headers: viewer }))
      .json()
      .timeline.map((t: { action: string }) => t.action)
    // One level, no repeat: paged once, then the chain ends; operator's unreachable channel failed on the way.
    expect(actions.filter((a: string) => a === 'page.notified' || a === 'page.exhausted')).toEqual([
      'page.notified',
      'page.exhausted',
    ])
    expect(actions).toContain('page.delivery-retrying')
  }, 60_000)
})
