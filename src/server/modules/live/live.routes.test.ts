import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import type { LiveEvent } from '../../../contract/live-events'
import type { App } from '../../app'
import { Keyring } from '../../lib/keyring'
import { waitFor } from '../../testing/agent-process'
import { tenantWithAdmin } from '../../testing/tenants'
import { iamToken, loginAs } from '../../testing/test-app'
import { replicaApp, testReplicaDbs } from '../../testing/test-replicas'

const INCIDENT = {
  current_cloud_service: ['app-mall'],
  incident_level: 'level_30',
  is_service_interrupt: false,
  incident_type: 'inc_type_p_function_issues',
  incident_title: 'Checkout slow',
  incident_description: 'p99 2s',
  incident_source: 'incident_source_manual',
  incident_assignee: ['operator'],
  creator: 'admin',
}

/** An SSE client on a real port, as EventSource reads the stream: the events so far, and how to stop. */
function follow(port: number, headers: Record<string, string>) {
  const events: LiveEvent[] = []
  const ctrl = new AbortController()
  const done = (async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/live/events`, { headers, signal: ctrl.signal })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const decoder = new TextDecoder()
    let buf = ''
    for await (const chunk of res.body!) {
      buf += decoder.decode(chunk as Uint8Array, { stream: true })
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const data = buf
          .slice(0, i)
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n')
        buf = buf.slice(i + 2)
        if (data) events.push(JSON.parse(data))
      }
    }
  })().catch((err) => {
    if (!ctrl.signal.aborted) throw err
  })
  return { events, stop: () => ctrl.abort(), done }
}

describe('live incident and war-room events across replicas', () => {
  const apps: App[] = []
  let closeDbs: (() => Promise<void>) | undefined
  afterAll(async () => {
    for (const app of apps) await app.close()
    await closeDbs?.()
  })

  it("reach a tenant's streams on another replica with the commit, and no other tenant's", async () => {
    const { handles, close } = await testReplicaDbs(2)
    closeDbs = close
    const keyring = new Keyring(randomBytes(32))
    const [a, b] = await Promise.all(handles.map((db) => replicaApp(db, keyring)))
    apps.push(a!, b!)
    await b!.listen({ port: 0, host: '127.0.0.1' })
    const port = (b!.server.address() as { port: number }).port

    const other = await tenantWithAdmin(a!)
    const mine = follow(port, await loginAs(b!, 'viewer', 'viewer-demo-1'))
    const theirs = follow(port, other.admin)
    await waitFor(() => mine.events.length > 0 && theirs.events.length > 0, 10_000, 'both streams open')
    expect(mine.events[0]).toEqual({ type: 'hello' })

    // Changes made through replica a.
    const h = { 'x-auth-token': await iamToken(a!) }
    const created = await a!.inject({
      method: 'POST',
      url: '/v1/external/incident/create',
      headers: h,
      payload: INCIDENT,
    })
    expect(created.statusCode, created.body).toBe(200)
    const num = created.json().data.incident_num as string
    await waitFor(
      () => mine.events.some((e) => e.type === 'incident' && e.incidentNums.includes(num)),
      10_000,
      'the incident event on replica b',
    )
    const tenantId = (await a!.services.identityRepo.tenantByName('default'))!.id
    const room = await a!.inject({
      method: 'POST',
      url: '/v1/external/warrooms',
      headers: h,
      payload: {
        war_room_name: `WR for ${num}`,
        application_id_list: ['app-mall'],
        incident_number: num,
        schedule_group: [{ role_id: 'r1', scene_id: 's1' }],
        war_room_admin: 'admin',
        enterprise_project_id: tenantId,
      },
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
    const again = await a!.inject({
      method: 'POST',
      url: '/v1/external/warrooms',
      headers: h,
      payload: {
        war_room_name: 'second',
        application_id_list: ['app-mall'],
        incident_number: num,
        schedule_group: [{ role_id: 'r1', scene_id: 's1' }],
        war_room_admin: 'admin',
        enterprise_project_id: tenantId,
      },
    })
    expect(again.statusCode).toBe(400)
    // A later change is heard; nothing came between: the refused one sent no event.
    const second = await a!.inject({
      method: 'POST',
      url: '/v1/external/incident/create',
      headers: h,
      payload: INCIDENT,
    })
    const secondNum = second.json().data.incident_num as string
    await waitFor(
      () => mine.events.some((e) => e.type === 'incident' && e.incidentNums.includes(secondNum)),
      10_000,
      'the second incident event',
    )
    expect(mine.events.slice(before)).toHaveLength(1)

    // The other tenant heard its hello only.
    expect(theirs.events).toEqual([{ type: 'hello' }])
    mine.stop()
    theirs.stop()
    await Promise.all([mine.done, theirs.done])
  })

  it('needs a session', async () => {
    const app = apps[1]!
    const res = await app.inject({ method: 'GET', url: '/api/live/events' })
    expect(res.statusCode).toBe(401)
  })
})
