import { describe, expect, it, vi } from 'vitest'
import { iamToken, loginAs, testApp } from '../../testing/test-app'
import { MANUAL_INCIDENT as INCIDENT, warRoomBody } from '../../testing/incident-fixtures'

async function setup() {
  const app = await testApp()
  const h = { 'x-auth-token': await iamToken(app) }
  const tenantId = (await app.services.identityRepo.tenantByName('default'))!.id
  const incident = async (over: Record<string, unknown> = {}) =>
    (
      await app.inject({
        method: 'POST',
        url: '/v1/external/incident/create',
        headers: h,
        payload: { ...INCIDENT, ...over },
      })
    ).json().data.incident_num as string
  const room = (num: string, over: Record<string, unknown> = {}) =>
    app.inject({
      method: 'POST',
      url: '/v1/external/warrooms',
      headers: h,
      payload: {
        ...warRoomBody(num, tenantId),
        region_code_list: ['cn-north-4'],
        region_names: ['Beijing 4'],
        participant: ['operator'],
        ...over,
      },
    })
  const list = async (body: Record<string, unknown> = {}) =>
    (await app.inject({ method: 'POST', url: '/v1/external/warrooms/list', headers: h, payload: body })).json()
  const handle = (num: string, operate_key: string, parameter?: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: '/v1/external/incident/handle',
      headers: h,
      payload: { incident_num: num, operator: 'admin', operate_key, parameter },
    })
  return { app, h, tenantId, incident, room, list, handle }
}

/** The list fields the lifecycle test reads. */
interface ListedRoom {
  war_room_num: string
  recover_time: number | null
  recovery_notification_time: number | null
  fault_cause: string | null
}

/** Polls `read` until it returns a non-empty list (the job queue works after the request's commit). */
async function eventually(read: () => Promise<ListedRoom[]>): Promise<ListedRoom[]> {
  let got: ListedRoom[] = []
  await vi.waitFor(
    async () => {
      got = await read()
      expect(got.length).toBeGreaterThan(0)
    },
    { timeout: 15_000, interval: 100 },
  )
  return got
}

describe('POST /v1/external/warrooms', () => {
  it('creates a war room for an incident, returns its id in the COC envelope; validates the seed limits', async () => {
    const { room, incident, list } = await setup()
    const num = await incident()
    const res = await room(num)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      provider_code: '049',
      error_code: 'GOM.00000000',
      // The war-room number is the id, the same one the incident's warroom_id shows.
      data: expect.stringMatching(/^WR\d{24}$/),
    })
    const again = await room(num)
    expect(again.statusCode).toBe(400)
    expect(again.json().error_msg).toContain('already has a running war room')
    for (const bad of [
      { incident_number: 'IM-none' },
      { application_id_list: [] },
      { war_room_name: '' },
      { war_room_name: 'x'.repeat(256) },
      { notification_type: 'SMS' },
      { enterprise_project_id: 'someone-else' },
      { war_room_admin: undefined },
    ]) {
      const r = await room(await incident(), bad)
      expect(r.statusCode, JSON.stringify(bad)).toBe(400)
      expect(r.json().provider_code).toBe('049')
    }
    expect((await list()).data.total_num).toBe(1)
  })
})

describe('POST /v1/external/warrooms/list', () => {
  async function seeded() {
    const s = await setup()
    const a = await s.incident({ incident_level: 'level_30' })
    const b = await s.incident({ incident_level: 'level_40', incident_title: 'DB failover' })
    await s.room(a, {
      war_room_name: 'Checkout war room',
      region_code_list: ['cn-north-4'],
      application_id_list: ['app-mall'],
      war_room_admin: 'admin',
    })
    await s.room(b, {
      war_room_name: 'Database',
      region_code_list: ['ap-southeast-3'],
      application_id_list: ['app-db'],
      war_room_admin: 'operator',
    })
    return { ...s, a, b }
  }
  const titles = (r: { data: { list: { title: string }[] } }) => r.data.list.map((x) => x.title).sort()

  it('applies every filter', async () => {
    const { list, a, app } = await seeded()
    expect(titles(await list())).toEqual(['Checkout war room', 'Database'])
    expect(titles(await list({ incident_num: a }))).toEqual(['Checkout war room'])
    expect(titles(await list({ title: 'base' }))).toEqual(['Database'])
    expect(titles(await list({ region_code_list: ['ap-southeast-3', 'x'] }))).toEqual(['Database'])
    expect(titles(await list({ incident_levels: ['level_30'] }))).toEqual(['Checkout war room'])
    expect(titles(await list({ impacted_application_ids: ['app-db'] }))).toEqual(['Database'])
    expect(titles(await list({ admin: ['operator'] }))).toEqual(['Database'])
    expect(titles(await list({ status: ['running'] }))).toEqual(['Checkout war room', 'Database'])
    expect(titles(await list({ status: ['closed'] }))).toEqual([])
    expect(titles(await list({ notification_level: ['level_40'] }))).toEqual(['Database'])
    const one = (await list({ incident_num: a })).data.list[0]
    expect(titles(await list({ war_room_num: one.war_room_num }))).toEqual(['Checkout war room'])
    expect(titles(await list({ enterprise_project_ids: ['nope'] }))).toEqual([])
    const now = Date.now()
    expect(titles(await list({ occur_start_time: now - 60_000, occur_end_time: now + 60_000 }))).toHaveLength(2)
    expect(titles(await list({ recover_start_time: 0 }))).toEqual([])
    // The triggered window defaults to the last 30 days: older rooms drop out unless asked for.
    await app.services.handle.query(
      "update war_rooms set created_at = now() - interval '40 days' where title = 'Database'",
    )
    expect(titles(await list())).toEqual(['Checkout war room'])
    expect(titles(await list({ triggered_start_time: now - 50 * 86_400_000 }))).toEqual([
      'Checkout war room',
      'Database',
    ])
  })

  it("pages with the seed's limit (start) and offset (count); statistic_flag returns only counters", async () => {
    const { list, app, h } = await seeded()
    expect((await list({ limit: 0, offset: 1 })).data.list).toHaveLength(1)
    expect((await list({ limit: 1, offset: 10 })).data.list).toHaveLength(1)
    expect((await list({ limit: 2, offset: 10 })).data.list).toHaveLength(0)
    // offset 0 cannot mean "no rows": read as the conventional limit (rows) / offset (first row).
    expect((await list({ limit: 1, offset: 0 })).data.list).toHaveLength(1)
    expect((await list({ limit: 5, offset: 0 })).data.list).toHaveLength(2)
    const stats = await list({ statistic_flag: true })
    expect(stats.data).toEqual({ running_num: 2, closed_num: 0, total_num: 2 })
    // offset (the row count) may be as large as the seed's Long; at most 1000 rows come back.
    expect((await list({ offset: 2 ** 63 })).data.list).toHaveLength(2)
    const tooMany = await app.inject({
      method: 'POST',
      url: '/v1/external/warrooms/list',
      headers: h,
      payload: { limit: 1001 },
    })
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json()).toMatchObject({ provider_code: '049', error_msg: expect.stringContaining('limit') })
  })

  it('returns WarRoomTenantInfo with incident, regions, status enum and durations', async () => {
    const { list, a, app } = await seeded()
    await app.services.handle.query(
      "update war_rooms set created_at = now() - interval '20 minutes', occur_time = now() - interval '45 minutes'",
    )
    const r = (await list({ incident_num: a })).data.list[0]
    expect(r).toMatchObject({
      title: 'Checkout war room',
      admin: 'admin',
      incident: { incident_id: a, failure_level: 'level_30' },
      regions: [{ code: 'cn-north-4', name: 'Beijing 4' }],
      war_room_status: { id: 'running', name_zh: '进行中', name_en: 'Running' },
      impacted_application: [{ id: 'app-mall', name: 'app-mall' }],
      processing_duration: 20,
      restoration_duration: 45,
    })
    expect(r.war_room_num).toMatch(/^WR\d{24}$/)
  })
})

describe('lifecycle', () => {
  // War rooms follow incidents through the job queue: its worker acts after the request's commit.
  it('auto-opens for a P1 incident with a region, records recovery, closes on completion, and notifies participants', async () => {
    const { app, incident, list, handle } = await setup()
    const num = await incident({ incident_level: 'level_10', region: ['cn-north-4'] })
    const [room] = await eventually(async () => (await list({ incident_num: num })).data.list)
    expect(room).toMatchObject({ title: '[P1] Checkout slow', admin: 'operator', war_room_status: { id: 'running' } })
    const detail = (
      await app.inject({
        method: 'GET',
        url: `/v1/external/incident/${num}`,
        headers: { 'x-auth-token': await iamToken(app) },
      })
    ).json().data
    expect(detail.warroom_id).toBe(room.war_room_num)
    const op = await loginAs(app, 'operator', 'operator-demo-1')
    const inbox = (await app.inject({ method: 'GET', url: '/api/inbox', headers: op })).json()
    expect(inbox.items).toContainEqual(
      expect.objectContaining({
        title: 'War room opened: [P1] Checkout slow',
        phrases: { title: { key: 'war-room.opened', params: { title: '[P1] Checkout slow' } } },
      }),
    )

    await handle(num, 'acceptedIncident1')
    await handle(num, 'commitSolution1', {
      mtm_type: 'inc_type_p_config_issues',
      is_service_interrupt: false,
      cause: 'pool',
      solution: 'resize',
    })
    const [recovered] = await eventually(async () =>
      (await list({ incident_num: num })).data.list.filter((r: ListedRoom) => r.recover_time),
    )
    expect(recovered.recover_time).toBeGreaterThan(0)
    expect(recovered.recovery_notification_time).toBeGreaterThan(0)
    expect(recovered.fault_cause).toBe('pool')
    await handle(num, 'confirm', { virtual_confirm_result: true, virtual_confirm_comment: 'ok' })
    await vi.waitFor(async () =>
      expect((await list({ incident_num: num })).data.list[0].war_room_status.id).toBe('closed'),
    )
    const low = await incident({ incident_level: 'level_30', region: ['cn-north-4'] })
    // A P3 queues no job at all: once the queue is empty nothing can open later.
    await vi.waitFor(async () => {
      const [{ n }] = await app.services.handle.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM graphile_worker._private_jobs',
      )
      expect(n).toBe(0)
    })
    expect((await list({ incident_num: low })).data.list).toEqual([])
  })

  it('adds members, notes and reports (first report time), and only the admin closes', async () => {
    const { app, incident, room } = await setup()
    const id = (await room(await incident())).json().data
    const op = await loginAs(app, 'operator', 'operator-demo-1')
    const members = await app.inject({
      method: 'POST',
      url: `/api/war-rooms/${id}/members`,
      headers: op,
      payload: { recover_leader: ['reviewer'] },
    })
    expect(members.json().recover_leader).toEqual(['reviewer'])
    const report = await app.inject({
      method: 'POST',
      url: `/api/war-rooms/${id}/notes`,
      headers: op,
      payload: { text: 'Mitigation in progress', kind: 'report' },
    })
    expect(report.json().first_report_time).toBeGreaterThan(0)
    expect(report.json().events.map((e: { kind: string }) => e.kind)).toEqual(['status', 'member', 'report'])
    expect(
      (await app.inject({ method: 'POST', url: `/api/war-rooms/${id}/close`, headers: op, payload: {} })).statusCode,
    ).toBe(403)
    const admin = await loginAs(app)
    const closed = await app.inject({
      method: 'POST',
      url: `/api/war-rooms/${id}/close`,
      headers: admin,
      payload: { fault_cause: 'bad deploy' },
    })
    expect(closed.json()).toMatchObject({
      war_room_status: { id: 'closed' },
      fault_cause: 'bad deploy',
      can_manage: false,
    })
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/war-rooms/${id}/notes`,
          headers: admin,
          payload: { text: 'late' },
        })
      ).statusCode,
    ).toBe(400)
    const viewer = await loginAs(app, 'viewer', 'viewer-demo-1')
    expect((await app.inject({ method: 'GET', url: `/api/war-rooms/${id}`, headers: viewer })).statusCode).toBe(200)
    const stats = (await app.inject({ method: 'GET', url: '/api/war-room-stats', headers: viewer })).json()
    expect(stats).toMatchObject({ total_num: 1, closed_num: 1, by_level: [{ key: 'level_30', count: 1 }] })
  })

  it('keeps tenants apart', async () => {
    const { app, incident, room } = await setup()
    const id = (await room(await incident())).json().data
    const admin = await loginAs(app)
    const t = (await app.inject({ method: 'POST', url: '/api/tenants', headers: admin, payload: { name: 'b' } })).json()
    await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'bob', displayName: 'Bob', role: 'operator', password: 'bob-password-1', tenantId: t.id },
    })
    const bob = await loginAs(app, 'bob', 'bob-password-1')
    expect((await app.inject({ method: 'GET', url: `/api/war-rooms/${id}`, headers: bob })).statusCode).toBe(404)
    expect(
      (await app.inject({ method: 'POST', url: '/v1/external/warrooms/list', headers: bob, payload: {} })).json().data
        .total_num,
    ).toBe(0)
  })
})
