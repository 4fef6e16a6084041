import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import type { App } from '../../app'
import { Keyring } from '../../lib/keyring'
import { waitFor } from '../../testing/agent-process'
import { followLive } from '../../testing/sse-client'
import { tenantWithAdmin } from '../../testing/tenants'
import { iamToken, loginAs } from '../../testing/test-app'
import { replicaApp, testReplicaDbs } from '../../testing/test-replicas'
import { MANUAL_INCIDENT as INCIDENT, warRoomBody } from '../../testing/incident-fixtures'

/** Creates a manual incident through `app`'s COC API; returns its number. */
async function createIncident(app: App, headers: Record<string, string>) {
  const created = await app.inject({ method: 'POST', url: '/v1/external/incident/create', headers, payload: INCIDENT })
  expect(created.statusCode, created.body).toBe(200)
  return created.json().data.incident_num as string
}

/** Waits until `stream` has heard of incident `num`. */
function heardIncident(stream: ReturnType<typeof followLive>, num: string, what: string) {
  return waitFor(() => stream.events.some((e) => e.type === 'incident' && e.incidentNums.includes(num)), 10_000, what)
}

describe('live incident, war-room and inbox events across replicas', () => {
  const cleanup: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn()
  })

  /** Two replicas over one database; b listens on a real port for the SSE clients. */
  async function replicas() {
    const { handles, close } = await testReplicaDbs(2)
    cleanup.push(close)
    const keyring = new Keyring(randomBytes(32))
    const [a, b] = await Promise.all(handles.map((db) => replicaApp(db, keyring)))
    cleanup.push(async () => {
      await a.close()
      await b.close()
    })
    await b.listen({ port: 0, host: '127.0.0.1' })
    return { a: a!, b: b!, db: handles[0]!, port: (b.server.address() as { port: number }).port }
  }

  it("reach a tenant's streams on another replica with the commit, and no other tenant's", async () => {
    const { a, b, port } = await replicas()

    const other = await tenantWithAdmin(a)
    const mine = followLive(`http://127.0.0.1:${port}`, await loginAs(b, 'viewer', 'viewer-demo-1'))
    const theirs = followLive(`http://127.0.0.1:${port}`, other.admin)
    await waitFor(() => mine.events.length > 0 && theirs.events.length > 0, 10_000, 'both streams open')
    expect(mine.events[0]).toEqual({ type: 'hello' })

    // Changes made through replica a.
    const h = { 'x-auth-token': await iamToken(a) }
    const num = await createIncident(a, h)
    await heardIncident(mine, num, 'the incident event on replica b')
    const tenantId = (await a.services.identityRepo.tenantByName('default'))!.id
    const room = await a.inject({
      method: 'POST',
      url: '/v1/external/warrooms',
      headers: h,
      payload: warRoomBody(num, tenantId),
    })
    expect(room.statusCode, room.body).toBe(200)
    const warRoomNum = room.json().data as string
    await waitFor(
      () => mine.events.some((e) => e.type === 'war-room' && e.warRoomNum === warRoomNum),
      10_000,
      'the war-room event on replica b',
    )
    // A refused change (the incident already has a running room) commits nothing, so it sends nothing.
    const before = mine.events.length
    const again = await a.inject({
      method: 'POST',
      url: '/v1/external/warrooms',
      headers: h,
      payload: { ...warRoomBody(num, tenantId), war_room_name: 'second' },
    })
    expect(again.statusCode).toBe(400)
    // A later change is heard; nothing came between: the refused one sent no event.
    await heardIncident(mine, await createIncident(a, h), 'the second incident event')
    expect(mine.events.slice(before)).toHaveLength(1)

    // The other tenant heard its hello only.
    expect(theirs.events).toEqual([{ type: 'hello' }])
    mine.stop()
    theirs.stop()
    await Promise.all([mine.done, theirs.done])
  })

  it("tell a user of a message in their inbox, and no one else's stream", async () => {
    const { a, b, port } = await replicas()
    const viewer = followLive(`http://127.0.0.1:${port}`, await loginAs(b, 'viewer', 'viewer-demo-1'))
    const operator = followLive(`http://127.0.0.1:${port}`, await loginAs(b, 'operator', 'operator-demo-1'))
    await waitFor(() => viewer.events.length > 0 && operator.events.length > 0, 10_000, 'both streams open')
    const s = a.services
    const tenant = (await s.identityRepo.tenantByName('default'))!
    const to = (await s.identityRepo.userByName('viewer'))!
    await s.db.transaction((tx) =>
      s.inbox.post(tx, { tenantId: tenant.id, recipientId: to.id, kind: 'test', title: 'for the viewer' }),
    )
    await waitFor(() => viewer.events.some((e) => e.type === 'inbox'), 10_000, "the viewer's inbox event")
    // A message whose transaction rolls back was never sent: its event neither.
    await s.db
      .transaction(async (tx) => {
        await s.inbox.post(tx, { tenantId: tenant.id, recipientId: to.id, kind: 'test', title: 'rolled back' })
        throw new Error('rollback')
      })
      .catch(() => undefined)
    await s.db.transaction((tx) =>
      s.inbox.post(tx, { tenantId: tenant.id, recipientId: to.id, kind: 'test', title: 'second' }),
    )
    await waitFor(
      () => viewer.events.filter((e) => e.type === 'inbox').length >= 2,
      10_000,
      "the viewer's second inbox event",
    )
    await new Promise((r) => setTimeout(r, 300))
    expect(viewer.events).toEqual([{ type: 'hello' }, { type: 'inbox' }, { type: 'inbox' }])
    expect(operator.events).toEqual([{ type: 'hello' }])
    viewer.stop()
    operator.stop()
    await Promise.all([viewer.done, operator.done])
  })

  it('end when the LISTEN connection was lost (events in between are gone), and a new stream hears again', async () => {
    const { a, b, db, port } = await replicas()
    const viewer = await loginAs(b, 'viewer', 'viewer-demo-1')
    const live = followLive(`http://127.0.0.1:${port}`, viewer)
    await waitFor(() => live.events.length > 0, 10_000, 'the stream open')
    let ended = false
    void live.done.then(() => {
      ended = true
    })
    // The database drops the replicas' listening connections (a restart, a network cut, an operator).
    await db.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()",
    )
    // The stream ends, so that the client reconnects and its page refetches (hello), rather than stay open deaf.
    await waitFor(() => ended, 10_000, 'the stream ended after the reset')
    const again = followLive(`http://127.0.0.1:${port}`, viewer)
    await waitFor(() => again.events.length > 0, 10_000, 'the new stream open')
    const num = await createIncident(a, { 'x-auth-token': await iamToken(a) })
    await heardIncident(again, num, 'the incident event on the new stream')
    again.stop()
  })

  it('needs a session', async () => {
    const { b } = await replicas()
    const res = await b.inject({ method: 'GET', url: '/api/live/events' })
    expect(res.statusCode).toBe(401)
  })
})
