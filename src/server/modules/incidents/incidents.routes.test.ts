import { renderRefusal } from '../../../contract/refusal-text'
import { describe, expect, it } from 'vitest'
import type { App } from '../../app'
import { iamToken, loginAs, testApp } from '../../testing/test-app'

const SEED = {
  region: ['cn-southwest-252'],
  enterprise_project: ['ab080d9f-6b97-4e73-8679-b6d76057f274'],
  current_cloud_service: ['65659ae2f42bf80e5f3f0635'],
  incident_level: 'level_50',
  is_service_interrupt: 'true',
  incident_type: 'inc_type_p_security_issues',
  incident_title: '测试时间单号10001',
  incident_description: '测试时间单号10001',
  incident_source: 'incident_source_manual',
  incident_assignee: ['7da46971b7e24eed90cf777cc2ff8b91'],
  creator: '7da46971b7e24eed90cf777cc2ff8b91',
  assignee_scene: '',
  assignee_role: '',
}

async function setup() {
  const app = await testApp()
  const token = await iamToken(app)
  const h = { 'x-auth-token': token }
  const create = async (over: Record<string, unknown> = {}) =>
    app.inject({ method: 'POST', url: '/v1/external/incident/create', headers: h, payload: { ...SEED, ...over } })
  const handle = async (num: string, operate_key: string, parameter?: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: '/v1/external/incident/handle',
      headers: h,
      payload: { incident_num: num, operator: 'admin', operate_key, parameter },
    })
  const detail = async (num: string) =>
    (await app.inject({ method: 'GET', url: `/v1/external/incident/${num}`, headers: h })).json().data
  return { app, h, create, handle, detail }
}

const SOLUTION = {
  mtm_type: 'inc_type_p_config_issues',
  is_service_interrupt: true,
  cause: '100001',
  solution: '20001',
}

describe('COC incident API', () => {
  it('creates from the seed example and returns the detail with enum_data_list', async () => {
    const { create, detail } = await setup()
    const res = await create()
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ provider_code: '049', error_code: 'GOM.00000000', error_msg: null })
    expect(body.data.incident_num).toMatch(/^IM\d{24}$/)
    const d = await detail(body.data.incident_num)
    expect(d).toMatchObject({
      status: 'INCIDENT_STATUS_TRIGGERED',
      incident_level: 'level_50',
      is_service_interrupt: true,
      region: ['cn-southwest-252'],
      current_cloud_service: ['65659ae2f42bf80e5f3f0635'],
      incident_assignee: ['7da46971b7e24eed90cf777cc2ff8b91'],
      handle_time: null,
    })
    expect(d.enum_data_list).toEqual(
      expect.arrayContaining([
        { filed_key: 'level_id', enum_key: 'level_50', name_zh: 'P5', name_en: 'P5' },
        {
          filed_key: 'work_flow_status',
          enum_key: 'INCIDENT_STATUS_TRIGGERED',
          name_zh: '未受理',
          name_en: 'TRIGGERED',
        },
        { filed_key: 'source_id', enum_key: 'incident_source_manual', name_zh: '人工创建', name_en: 'Manual Creation' },
      ]),
    )
  })

  it('walks accept → solve → verify fail → solve → verify pass, recording the timeline', async () => {
    const { app, create, handle, detail, h } = await setup()
    const num = (await create()).json().data.incident_num
    expect((await handle(num, 'acceptedIncident1', {})).json()).toMatchObject({
      error_code: 'GOM.00000000',
      data: null,
    })
    expect((await detail(num)).status).toBe('INCIDENT_STATUS_ACKNOWLEDGED')
    expect((await handle(num, 'commitSolution1', SOLUTION)).statusCode).toBe(200)
    const solved = await detail(num)
    expect(solved.status).toBe('INCIDENT_STATUS_RESOLVED')
    expect(solved.handle_time).toBeGreaterThan(0)
    expect(
      (await handle(num, 'confirm', { virtual_confirm_result: false, virtual_confirm_comment: 'still down' }))
        .statusCode,
    ).toBe(200)
    expect((await detail(num)).status).toBe('INCIDENT_STATUS_ACKNOWLEDGED')
    await handle(num, 'commitSolution1', { ...SOLUTION, is_service_interrupt: 'false' })
    await handle(num, 'confirm', { virtual_confirm_result: 'true', virtual_confirm_comment: 'ok' })
    expect((await detail(num)).status).toBe('INCIDENT_STATUS_COMPLETED')
    const view = (await app.inject({ method: 'GET', url: `/api/incidents/${num}`, headers: h })).json()
    // Paging entries (page.*) come from the job queue at their own time; paging.integration.test.ts covers them.
    expect(
      view.timeline.map((t: { action: string }) => t.action).filter((a: string) => !a.startsWith('page.')),
    ).toEqual(['create', 'acceptedIncident1', 'commitSolution1', 'confirm', 'commitSolution1', 'confirm'])
    expect(view.allowed_actions).toEqual([])
    // The timeline names people by their display names (the drawer's sentences read "Administrator accepted").
    expect(view.timeline.find((t: { action: string }) => t.action === 'acceptedIncident1')).toMatchObject({
      actor: 'admin',
      actor_name: 'Administrator',
    })
  })

  it('saves a console draft, which submitDraft1 turns into a TRIGGERED incident', async () => {
    const { app, handle, detail } = await setup()
    const cons = await loginAs(app)
    const res = await app.inject({
      method: 'POST',
      url: '/api/incidents/drafts',
      headers: cons,
      payload: { ...SEED, creator: 'admin' },
    })
    expect(res.statusCode, res.body).toBe(201)
    const num = res.json().incident_num as string
    expect((await detail(num)).status).toBe('incident_draft')
    expect((await handle(num, 'acceptedIncident1')).statusCode).toBe(400)
    expect((await handle(num, 'submitDraft1')).statusCode).toBe(200)
    expect((await detail(num)).status).toBe('INCIDENT_STATUS_TRIGGERED')
    const viewer = await loginAs(app, 'viewer', 'viewer-demo-1')
    expect(
      (await app.inject({ method: 'POST', url: '/api/incidents/drafts', headers: viewer, payload: SEED })).statusCode,
    ).toBe(403)
  })

  it('rejects a triggered incident; refuses illegal and unknown operations with the seed messages', async () => {
    const { app, h, create, handle, detail } = await setup()
    const num = (await create()).json().data.incident_num
    const illegal = await handle(num, 'commitSolution1', SOLUTION)
    expect(illegal.statusCode).toBe(400)
    expect(illegal.json()).toEqual({
      provider_code: '049',
      error_code: 'COC.00000001',
      error_msg: 'operate_key commitSolution1 is not allowed in status INCIDENT_STATUS_TRIGGERED',
      data: null,
    })
    // The console's incident drawer calls the same route and asks for the phrase, to say it in Chinese.
    const fromConsole = await app.inject({
      method: 'POST',
      url: '/v1/external/incident/handle',
      headers: { ...h, 'x-console-phrases': '1' },
      payload: { incident_num: num, operator: 'admin', operate_key: 'commitSolution1', parameter: SOLUTION },
    })
    expect(fromConsole.json().phrase).toEqual({
      key: 'incident.operate-not-allowed',
      params: { operateKey: 'commitSolution1', incidentStatus: 'INCIDENT_STATUS_TRIGGERED' },
    })
    expect(renderRefusal(fromConsole.json().phrase, 'zh-CN')).toBe('事件处于“未受理”状态，不能执行“提交解决方案”')
    const unknown = await handle(num, 'acceptedIncident111')
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error_msg).toBe('The field[operate_key] value[acceptedIncident111] invalid')
    expect((await handle(num, 'rejectIncident1', { reason: 'duplicate' })).statusCode).toBe(200)
    expect((await detail(num)).status).toBe('INCIDENT_STATUS_REJECTED')
    expect((await handle(num, 'acceptedIncident1')).statusCode).toBe(400)
  })

  it('validates parameters, limits and enums, writing nothing', async () => {
    const { app, create, handle, h } = await setup()
    const num = (await create()).json().data.incident_num
    await handle(num, 'acceptedIncident1')
    const longCause = await handle(num, 'commitSolution1', { ...SOLUTION, cause: 'x'.repeat(10001) })
    expect(longCause.statusCode).toBe(400)
    expect(longCause.json().error_msg).toContain('parameter.cause')
    const badComment = await handle(num, 'commitSolution1', { ...SOLUTION, mtm_type: 'nope' })
    expect(badComment.statusCode).toBe(400)
    for (const bad of [
      { incident_title: 'x'.repeat(201) },
      { incident_level: 'level_99' },
      { incident_assignee: [], assignee_scene: '' },
      { incident_source: 'mail' },
    ]) {
      const r = await create(bad)
      expect(r.statusCode, JSON.stringify(bad)).toBe(400)
      expect(r.json().provider_code).toBe('049')
    }
    const longNum = await app.inject({
      method: 'POST',
      url: '/v1/external/incident/handle',
      headers: h,
      payload: { incident_num: 'x'.repeat(256), operator: 'admin', operate_key: 'confirm' },
    })
    expect(longNum.statusCode).toBe(400)
    const board = (await app.inject({ method: 'GET', url: '/api/incidents', headers: h })).json()
    expect(board).toHaveLength(1)
    expect(
      (await create({ incident_assignee: [], assignee_scenario: 'oncall', assignee_role: 'sre' })).statusCode,
    ).toBe(200)
    const missing = await app.inject({ method: 'GET', url: '/v1/external/incident/IM000', headers: h })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().provider_code).toBe('049')
  })

  it('checks roles and tenants', async () => {
    const { app, create } = await setup()
    const num = (await create()).json().data.incident_num
    const viewer = await loginAs(app, 'viewer', 'viewer-demo-1')
    expect(
      (await app.inject({ method: 'POST', url: '/v1/external/incident/create', headers: viewer, payload: SEED }))
        .statusCode,
    ).toBe(403)
    expect((await app.inject({ method: 'GET', url: `/v1/external/incident/${num}`, headers: viewer })).statusCode).toBe(
      200,
    )
    const op = await loginAs(app, 'operator', 'operator-demo-1')
    const other = await app.inject({
      method: 'POST',
      url: '/v1/external/incident/handle',
      headers: op,
      payload: { incident_num: num, operator: 'someone-else', operate_key: 'acceptedIncident1' },
    })
    expect(other.statusCode).toBe(403)
    const admin = await loginAs(app)
    const t = (await app.inject({ method: 'POST', url: '/api/tenants', headers: admin, payload: { name: 'b' } })).json()
    await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'bob', displayName: 'Bob', role: 'operator', password: 'bob-password-1', tenantId: t.id },
    })
    const bob = await loginAs(app, 'bob', 'bob-password-1')
    expect((await app.inject({ method: 'GET', url: `/v1/external/incident/${num}`, headers: bob })).statusCode).toBe(
      404,
    )
    expect((await app.inject({ method: 'GET', url: '/api/incidents', headers: bob })).json()).toEqual([])
  })

  it('computes MTTA and MTTR', async () => {
    const { app, create, handle, h } = await setup()
    const num = (await create()).json().data.incident_num
    await app.services.handle.query("update incidents set created_at = now() - interval '30 minutes'")
    await handle(num, 'acceptedIncident1')
    await handle(num, 'commitSolution1', SOLUTION)
    const m = (await app.inject({ method: 'GET', url: '/api/incident-metrics', headers: h })).json()
    expect(m.mtta_minutes).toBeCloseTo(30, 0)
    expect(m.mttr_minutes).toBeCloseTo(30, 0)
    expect(m.open).toBe(1)
  })
})

describe('alarm integration webhook', () => {
  const ALARM = {
    alarmId: '18cfxxxxxxxx0f8',
    alarmName: 'Cpu 使用超额预警',
    alarmLevel: 'Critical',
    time: 1709118444540,
    nameSpace: 'shanghai',
    regionId: 'cn-north-4',
    applicationId: '18cfa0a5ef8d',
    resourceName: 'machine-1',
    resourceId: '18cxxxxxxxxxxxxff68625',
    alarmDesc: 'string',
    URL: 'https://example.com',
    alarmStatus: 'alarm',
    alarmSource: 'coc',
    additional: {},
  }

  async function withKey(app: App) {
    const admin = await loginAs(app)
    const res = await app.inject({
      method: 'POST',
      url: '/api/integration-keys',
      headers: admin,
      payload: { name: 'prometheus' },
    })
    expect(res.statusCode).toBe(201)
    return { key: res.json().key as string, admin }
  }

  it('opens one incident per alarmId (idempotent under concurrent retries) and records recovery', async () => {
    const app = await testApp()
    const { key, admin } = await withKey(app)
    // Answered once accepted; the alarm and its incident are there once the folder is done.
    const post = async (body: unknown, path = `/v1/event/huawei/custom/${key}`) => {
      const res = await app.inject({ method: 'POST', url: path, payload: body as object })
      await app.services.integrations.drained()
      return res
    }
    const first = await post(ALARM)
    expect(first.statusCode).toBe(200)
    expect(first.json()).toEqual({ provider_code: '049', error_code: 'COC.00000000', error_msg: 'success', data: null })
    await Promise.all(Array.from({ length: 8 }, () => post(ALARM)))
    await post(ALARM, `/event/huawei/custom/${key}`)
    const board = (await app.inject({ method: 'GET', url: '/api/incidents', headers: admin })).json()
    expect(board).toHaveLength(1)
    expect(board[0]).toMatchObject({
      source: 'incident_source_alarm',
      level: 'level_10',
      region: 'cn-north-4',
      application_id: '18cfa0a5ef8d',
      alarm_count: 1,
    })
    await post({ ...ALARM, alarmStatus: 'ok' })
    await post({ ...ALARM, alarmStatus: 'ok' })
    const view = (
      await app.inject({ method: 'GET', url: `/api/incidents/${board[0].incident_num}`, headers: admin })
    ).json()
    expect(view.alarms[0]).toMatchObject({ status: 'ok', received_count: 12 })
    expect(view.alarms[0].recovered_at).toBeGreaterThan(0)
    // Paging entries (page.*) come from the job queue at their own time; paging.integration.test.ts covers them.
    expect(
      view.timeline.map((t: { action: string }) => t.action).filter((a: string) => !a.startsWith('page.')),
    ).toEqual(['create', 'alarm.linked', 'alarm.recovered'])
    const second = await post({ ...ALARM, alarmId: 'other-1', alarmLevel: 'Minor' })
    expect(second.statusCode).toBe(200)
    expect(
      (await app.inject({ method: 'GET', url: '/api/incidents?level=level_30', headers: admin })).json(),
    ).toHaveLength(1)
  })

  it('answers 401 for an unknown key and 400 listing the missing fields', async () => {
    const app = await testApp()
    const { key } = await withKey(app)
    const unknown = await app.inject({ method: 'POST', url: '/v1/event/huawei/custom/nope', payload: ALARM })
    expect(unknown.statusCode).toBe(401)
    expect(unknown.json()).toMatchObject({
      error_code: 'common.01010001',
      error_msg: 'Token missing or invalid.',
      provider_code: '049',
    })
    const { alarmName: _n, alarmId: _i, ...partial } = ALARM
    const bad = await app.inject({ method: 'POST', url: `/v1/event/huawei/custom/${key}`, payload: partial })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error_code: 'COC.00000001', provider_code: '049' })
    expect(bad.json().error_msg).toContain('alarmName must not be null')
    expect(bad.json().error_msg).toContain('alarmId must not be null')
    const level = await app.inject({
      method: 'POST',
      url: `/v1/event/huawei/custom/${key}`,
      payload: { ...ALARM, alarmLevel: 'Huge' },
    })
    expect(level.statusCode).toBe(400)
    await app.services.integrations.drained()
    const count = await app.services.handle.query<{ n: number }>('select count(*)::int as n from alarms')
    expect(count[0].n).toBe(0)
  })

  it('honours CONSOLE_INTEGRATION_KEY', async () => {
    const app = await testApp()
    await app.services.integrations.bootstrap(
      (await app.services.identityRepo.tenantByName('default'))!.id,
      'ik_bootstrap_key',
    )
    await app.services.integrations.bootstrap(
      (await app.services.identityRepo.tenantByName('default'))!.id,
      'ik_bootstrap_key',
    )
    const res = await app.inject({ method: 'POST', url: '/v1/event/huawei/custom/ik_bootstrap_key', payload: ALARM })
    expect(res.statusCode).toBe(200)
  })
})
