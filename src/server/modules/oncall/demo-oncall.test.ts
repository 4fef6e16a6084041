import { describe, expect, it } from 'vitest'
import { loginAs, testApp } from '../../testing/test-app'
import { DEMO_POLICY, DEMO_SCHEDULE, seedDemoOncall } from './demo-oncall'

describe('demo on-call seed', () => {
  it('puts operator on call and the admin next (users through the identity service), once', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    const get = async (url: string) => (await app.inject({ method: 'GET', url, headers: admin })).json()
    const people: { id: string; username: string }[] = await get('/api/oncall-people')
    expect(people.map((p) => p.username)).toEqual([...people.map((p) => p.username)].sort())
    const id = (name: string) => people.find((p) => p.username === name)?.id
    const schedules = await get('/api/oncall-schedules')
    const schedule = schedules.find((s: { name: string }) => s.name === DEMO_SCHEDULE)
    expect(schedule.members.map((m: { username: string }) => m.username)).toEqual(['operator'])
    const policy = (await get('/api/escalation-policies')).find((p: { name: string }) => p.name === DEMO_POLICY)
    expect(policy.steps[1].targets).toEqual([{ type: 'user', id: id('admin') }])
    // A second run (another replica starting) adds nothing.
    const { users, schedules: svc, policies } = app.services
    const tenant = (await users.listTenants()).find((t) => t.name === 'default')!
    await seedDemoOncall({ users, schedules: svc, policies }, tenant.id, 'admin')
    expect((await get('/api/oncall-schedules')).length).toBe(schedules.length)
  })
})
