import { describe, expect, it } from 'vitest'
import { loginAs, testApp } from '../../testing/test-app'

describe('inbox', () => {
  it("lists only the caller's messages, counts unread, marks read", async () => {
    const app = await testApp()
    const reviewer = await loginAs(app, 'reviewer', 'reviewer-demo-1')
    const me = (await app.inject({ method: 'GET', url: '/api/session', headers: reviewer })).json().user
    const admin = await loginAs(app)
    const adminUser = (await app.inject({ method: 'GET', url: '/api/session', headers: admin })).json().user
    await app.services.db.transaction(async (tx) => {
      for (const title of ['one', 'two'])
        await app.services.inbox.post(tx, {
          tenantId: me.tenantId,
          recipientId: me.id,
          kind: 'test',
          title,
          link: '/x',
        })
      await app.services.inbox.post(tx, {
        tenantId: me.tenantId,
        recipientId: adminUser.id,
        kind: 'test',
        title: 'not yours',
      })
    })
    const list = (await app.inject({ method: 'GET', url: '/api/inbox', headers: reviewer })).json()
    expect(list).toMatchObject({ total: 2, unread: 2 })
    expect(list.items.map((m: { title: string }) => m.title).sort()).toEqual(['one', 'two'])

    const foreign = (await app.inject({ method: 'GET', url: '/api/inbox', headers: admin })).json().items[0]
    expect(
      (await app.inject({ method: 'POST', url: `/api/inbox/${foreign.id}/read`, headers: reviewer })).statusCode,
    ).toBe(404)
    expect(
      (await app.inject({ method: 'POST', url: `/api/inbox/${list.items[0].id}/read`, headers: reviewer })).statusCode,
    ).toBe(200)
    const unread = (await app.inject({ method: 'GET', url: '/api/inbox?unreadOnly=true', headers: reviewer })).json()
    expect(unread).toMatchObject({ total: 1, unread: 1 })
    await app.inject({ method: 'POST', url: '/api/inbox/read-all', headers: reviewer })
    expect((await app.inject({ method: 'GET', url: '/api/inbox', headers: reviewer })).json().unread).toBe(0)
    expect((await app.inject({ method: 'GET', url: '/api/inbox' })).statusCode).toBe(401)
  })
})
