import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../app'
import type { DbHandle } from '../../db/client'
import { Keyring } from '../../lib/keyring'
import { type AgentProcess, waitFor } from '../../testing/agent-process'
import { connectAgents, listeningApp } from '../../testing/listening-app'
import { iamToken, loginAs } from '../../testing/test-app'
import { streamedUpload } from '../../testing/streamed-upload'
import { testDb } from '../../testing/test-db'

/**
 * The BlueKing job API against real agent processes: two hosts addressed by IP, scripts run through the
 * executions engine, statuses and logs read back in BlueKing's shapes, seed 002's request examples, the
 * callback, and the BlueKing error bodies.
 */
const keyring = new Keyring(randomBytes(32))
const tag = randomBytes(4).toString('hex')
const SNS = [`bk${tag}a`, `bk${tag}b`]
const IPS = ['127.20.0.1', '127.20.0.2']
const APP = { bk_app_code: 'esb_test', bk_app_secret: 'bk-test-secret-0123456789' }
let db: DbHandle
let app: App
let port = 0
let bizId = 0
let agents: AgentProcess[] = []
const common = { ...APP, bk_username: 'admin' }

const call = async (api: string, params: object, method: 'GET' | 'POST' = 'POST') => {
  const url = `/api/c/compapi/v2/job/${api}/`
  const res =
    method === 'POST'
      ? await app.inject({ method, url, payload: params })
      : await app.inject({
          method,
          url: `${url}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`,
        })
  return { status: res.statusCode, body: res.json() }
}
const b64 = (s: string) => Buffer.from(s).toString('base64')
const cc = async (api: string, params: object) =>
  (await app.inject({ method: 'POST', url: `/api/c/compapi/v2/cc/${api}/`, payload: { ...common, ...params } })).json()

/** A local receiver of bk_callback_url POSTs. */
async function callbackServer() {
  const got: unknown[] = []
  const server: Server = createServer((req, res) => {
    let text = ''
    req.on('data', (d) => (text += d))
    req.on('end', () => {
      got.push(JSON.parse(text))
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { got, server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/cb` }
}

async function libraryScript(name: string, content: string, params: string[] = []) {
  const token = await iamToken(app, 'admin', 'admin-test-pw')
  const created = await app.inject({
    method: 'POST',
    url: '/v1/job/scripts',
    headers: { 'x-auth-token': token },
    payload: {
      name,
      type: 'SHELL',
      description: 'bk test',
      content,
      properties: { risk_level: 'LOW', version: '1' },
      script_params: params.map((p, i) => ({
        param_order: i + 1,
        param_name: p,
        param_value: 'x',
        param_description: '',
        sensitive: false,
      })),
    },
  })
  expect(created.statusCode, created.body).toBe(200)
  const uuid = created.json().data as string
  const [row] = await db.query<{ id: string }>('select id from scripts where uuid = $1', [uuid])
  return { uuid, id: Number(row!.id) }
}

const resourceOf = async (sn: string) =>
  (await db.query<{ resource_id: string }>('select resource_id from cmdb_hosts where agent_sn = $1', [sn]))[0]!
    .resource_id

async function finished(jobInstanceId: number) {
  return waitFor(
    async () => {
      const r = await call('get_job_instance_status', { ...common, bk_biz_id: bizId, job_instance_id: jobInstanceId })
      return r.body.data?.is_finished ? r.body.data : undefined
    },
    60_000,
    `job ${jobInstanceId} finished`,
  )
}

beforeAll(async () => {
  db = await testDb()
  ;({ app, port } = await listeningApp(db, keyring, {
    bkAppBootstrap: `${APP.bk_app_code}:${APP.bk_app_secret}`,
    demoSeed: false,
    agentHeartbeatSec: 0.2,
    agentMissedBeats: 5,
  }))
  agents = await connectAgents(
    app,
    port,
    SNS.map((sn, i) => ({ sn, hostname: `bk-${i}`, ip: IPS[i] })),
    'bk',
  )
  // bk_biz_id is the business /v1/resources shows for the hosts.
  const token2 = await iamToken(app, 'admin', 'admin-test-pw')
  const res = await app.inject({
    method: 'GET',
    url: '/v1/resources?provider=ecs&type=cloudservers&limit=50',
    headers: { 'x-auth-token': token2 },
  })
  const host = res.json().data.find((r: { inner_ip: string }) => r.inner_ip === IPS[0])
  bizId = host.properties.bk_biz_id
}, 180_000)

afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()))
  await app?.close()
  await db?.close()
})

describe('BlueKing job API with real agents', () => {
  it('fast_execute_script on two hosts by IP, then status until is_finished, then each host’s log', async () => {
    const run = await call('fast_execute_script', {
      ...common,
      bk_biz_id: bizId,
      script_content: b64('echo "hello $1 and $2 from $(hostname)"'),
      script_param: b64("world 'two words'"),
      script_timeout: 60,
      account: 'root',
      ip_list: IPS.map((ip) => ({ bk_cloud_id: 0, ip })),
    })
    expect(run.body, JSON.stringify(run.body)).toMatchObject({ result: true, code: 0, message: 'success' })
    const id = run.body.data.job_instance_id as number
    expect(run.body.data.job_instance_name).toMatch(/^API Quick execution script\d+$/)

    const status = await finished(id)
    expect(status.job_instance).toMatchObject({ job_instance_id: id, status: 3, start_way: 2, bk_job_id: -1 })
    const steps = status.blocks[0].step_instances
    expect(steps[0].step_ip_status).toEqual(
      expect.arrayContaining(IPS.map((ip) => ({ ip, bk_cloud_id: 0, status: 9 }))),
    )

    const log = await call('get_job_instance_log', { ...common, bk_biz_id: bizId, job_instance_id: id }, 'GET')
    expect(log.body.result).toBe(true)
    const [step] = log.body.data
    expect(step).toMatchObject({ is_finished: true, status: 3, step_instance_id: id })
    expect(step.step_results).toHaveLength(1)
    expect(step.step_results[0].ip_status).toBe(9)
    const logs = step.step_results[0].ip_logs as { ip: string; log_content: string; exit_code: number }[]
    for (const [i, ip] of IPS.entries()) {
      const l = logs.find((x) => x.ip === ip)!
      expect(l.exit_code).toBe(0)
      expect(l.log_content, `host ${i}`).toContain('hello world and two words from')
    }
  })

  it('reports a failing host with ip_status 104 and the job as failed (status 4)', async () => {
    const run = await call('fast_execute_script', {
      ...common,
      bk_biz_id: bizId,
      script_content: b64('echo out; exit 3'),
      ip_list: [{ bk_cloud_id: 0, ip: IPS[1] }],
    })
    const id = run.body.data.job_instance_id
    const status = await finished(id)
    expect(status.job_instance.status).toBe(4)
    expect(status.blocks[0].step_instances[0].step_ip_status).toEqual([{ ip: IPS[1], bk_cloud_id: 0, status: 11 }])
    const log = await call('get_job_instance_log', { ...common, bk_biz_id: bizId, job_instance_id: id })
    expect(log.body.data[0].step_results[0]).toMatchObject({ ip_status: 104 })
    expect(log.body.data[0].step_results[0].ip_logs[0]).toMatchObject({ exit_code: 3, log_content: 'out\n' })
  })

  it('serves seed 002’s request examples verbatim (ids adapted)', async () => {
    // A library script for the example's script_id (script_id wins over script_content, as the seed says).
    const { id: scriptId } = await libraryScript('echo_first', 'echo "library says $1"', ['word'])
    // fast_execute_script (seed example + the ip_list it needs here)
    const run = await call('fast_execute_script', {
      bk_app_code: 'esb_test',
      bk_app_secret: APP.bk_app_secret,
      bk_token: 'xxx',
      bk_username: 'admin',
      bk_biz_id: bizId,
      script_id: scriptId,
      script_content: 'ZWNobyAkMQ==',
      script_param: 'aGVsbG8=',
      script_timeout: 1000,
      account: 'root',
      ip_list: [{ bk_cloud_id: 0, ip: IPS[0] }],
    })
    expect(run.body, JSON.stringify(run.body)).toMatchObject({ result: true, code: 0 })
    const id = run.body.data.job_instance_id
    await finished(id)
    // get_job_instance_log / get_job_instance_status examples
    const log = await call('get_job_instance_log', {
      bk_app_code: 'esb_test',
      bk_app_secret: APP.bk_app_secret,
      bk_token: 'xxx',
      bk_username: 'admin',
      bk_biz_id: bizId,
      job_instance_id: id,
    })
    expect(log.body.data[0].step_results[0].ip_logs[0].log_content).toBe('library says hello\n')
    const st = await call(
      'get_job_instance_status',
      { ...APP, bk_token: 'xxx', bk_username: 'admin', bk_biz_id: bizId, job_instance_id: id },
      'GET',
    )
    expect(st.body).toMatchObject({ result: true, code: 0, data: { is_finished: true, job_instance: { status: 3 } } })
    // get_script_list example
    const list = await call('get_script_list', {
      ...APP,
      bk_token: 'xxx',
      bk_username: 'admin',
      bk_biz_id: bizId,
      start: 0,
      length: 10,
      is_public: false,
      return_script_content: false,
    })
    expect(list.body.data).toMatchObject({ start: 0, page_size: 10, total_record_size: 1 })
    expect(list.body.data.data[0]).toMatchObject({ id: scriptId, name: 'echo_first', type: 1, public: false })
    expect(list.body.data.data[0].content).toBeUndefined()
    // get_script_detail example
    const detail = await call(
      'get_script_detail',
      { ...APP, bk_token: 'xxx', bk_username: 'admin', bk_biz_id: bizId, id: scriptId },
      'GET',
    )
    expect(detail.body.data).toMatchObject({ id: scriptId, content: 'echo "library says $1"', type: 1 })
    // get_os_account example
    const accounts = await call('get_os_account', { ...APP, bk_token: 'xxx', bk_username: 'admin', bk_biz_id: bizId })
    expect(accounts.body.data.map((a: { account: string }) => a.account)).toContain('root')
  })

  it('calls bk_callback_url with the callback_protocol body when the job ends', async () => {
    const { got, server, url } = await callbackServer()
    try {
      const run = await call('fast_execute_script', {
        ...common,
        bk_biz_id: bizId,
        script_content: b64('echo cb'),
        ip_list: [{ bk_cloud_id: 0, ip: IPS[0] }],
        bk_callback_url: url,
      })
      const id = run.body.data.job_instance_id
      await waitFor(() => got.length > 0, 60_000, 'callback')
      expect(got[0]).toEqual({ job_instance_id: id, status: 3, step_instances: [{ step_instance_id: id, status: 3 }] })
    } finally {
      server.close()
    }
  })

  it('answers auth failures and limit violations with BlueKing error bodies', async () => {
    const ip_list = [{ bk_cloud_id: 0, ip: IPS[0] }]
    const base = { bk_biz_id: bizId, script_content: b64('echo x'), ip_list }
    const expectError = (r: { status: number; body: Record<string, unknown> }, code: number) => {
      expect(r.status).toBe(200)
      expect(r.body).toMatchObject({ result: false, code, data: null })
      expect(typeof r.body.message).toBe('string')
      expect(typeof r.body.request_id).toBe('string')
    }
    expectError(await call('fast_execute_script', { ...common, bk_app_secret: 'wrong', ...base }), 1640001)
    expectError(await call('fast_execute_script', { ...common, bk_app_code: 'nope', ...base }), 1640001)
    expectError(await call('fast_execute_script', { bk_username: 'admin', ...base }), 1640001)
    expectError(await call('fast_execute_script', { ...common, bk_username: 'ghost', ...base }), 1640002)
    expectError(await call('fast_execute_script', { ...APP, ...base }), 1640002)
    expectError(await call('fast_execute_script', { ...common, ...base, script_timeout: 59 }), 1306001)
    expectError(await call('fast_execute_script', { ...common, ...base, script_timeout: 86_401 }), 1306001)
    const many = Array.from({ length: 201 }, (_, i) => ({ bk_cloud_id: 0, ip: `10.1.${i >> 8}.${i & 255}` }))
    expectError(await call('fast_execute_script', { ...common, ...base, ip_list: many }), 1306001)
    expectError(
      await call('fast_execute_script', { ...common, ...base, ip_list: [{ bk_cloud_id: 0, ip: '10.9.9.9' }] }),
      1306001,
    )
    expectError(await call('fast_execute_script', { ...common, ...base, script_content: '***' }), 1306001)
    expectError(await call('fast_execute_script', { ...common, ...base, bk_biz_id: 99_999 }), 1306404)
    expectError(
      await call('fast_execute_script', { ...common, ...base, script_content: b64('rm -rf / --no-preserve-root') }),
      1306403,
    )
    expectError(
      await call('get_job_instance_status', { ...common, bk_biz_id: bizId, job_instance_id: 999_999 }),
      1306404,
    )
    // A viewer may read but not run: the user's role applies.
    const tenant = await app.services.identityRepo.tenantByName('default')
    await app.services.users.create({ userId: null, username: 'system', tenantId: tenant!.id }, tenant!.id, {
      username: 'bkviewer',
      displayName: 'Viewer',
      role: 'viewer',
      password: 'viewer-pw-12345',
    })
    expectError(await call('fast_execute_script', { ...common, bk_username: 'bkviewer', ...base }), 1306403)
    const read = await call('get_os_account', { ...common, bk_username: 'bkviewer', bk_biz_id: bizId })
    expect(read.body.result).toBe(true)
    const unknown = await app.inject({ method: 'POST', url: '/api/c/compapi/v2/job/no_such_api/', payload: common })
    expect(unknown.json()).toMatchObject({ result: false, code: 1640404 })
  })

  it('execute_job runs the chosen steps with their customisation, calls back, and reads back per step', async () => {
    const admin = await loginAs(app, 'admin', 'admin-test-pw')
    const echo = await libraryScript('plan_step_echo', 'echo "step says $1 as $(id -un)"', ['word'])
    const other = await libraryScript('plan_step_other', 'echo "other script got $1"', ['what'])
    const created = await app.inject({
      method: 'POST',
      url: '/api/job-plans',
      headers: admin,
      payload: {
        name: 'bk steps plan',
        hosts: [await resourceOf(SNS[0]!)],
        steps: [
          { kind: 'script', name: 'first', scriptUuid: echo.uuid, params: [{ name: 'word', value: 'one' }] },
          { kind: 'confirm', name: 'check', message: 'look first' },
          { kind: 'script', name: 'second', scriptUuid: echo.uuid, params: [{ name: 'word', value: 'two' }] },
          { kind: 'script', name: 'third', scriptUuid: echo.uuid, params: [{ name: 'word', value: 'three' }] },
        ],
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const jobs = await call('get_job_list', { ...common, bk_biz_id: bizId, name: 'bk steps plan' })
    const bkJobId = jobs.body.data[0].bk_job_id as number

    // get_job_detail: the plan's hosts as ip_list, the step's library script.
    const detail = (await call('get_job_detail', { ...common, bk_biz_id: bizId, bk_job_id: bkJobId })).body.data
    expect(detail.steps[0]).toMatchObject({
      step_id: 1,
      type: 1,
      script_id: echo.id,
      script_type: 1,
      script_param: 'one',
      ip_list: [{ bk_cloud_id: 0, ip: IPS[0] }],
    })
    expect(detail.steps[1]).toMatchObject({ step_id: 2, pause: 1, ip_list: [] })

    // Refusals name the step and the field.
    const bad = async (steps: object[]) =>
      (await call('execute_job', { ...common, bk_biz_id: bizId, bk_job_id: bkJobId, steps })).body
    expect(await bad([{ step_id: 7 }])).toMatchObject({ result: false, code: 1306001 })
    expect((await bad([{ step_id: 1, script_content: b64('echo hi') }])).message).toMatch(/give script_id/)
    expect((await bad([{ step_id: 1, file_target_path: '/tmp' }])).message).toMatch(/script step/)
    expect((await bad([{ step_id: 2, script_param: b64('x') }])).message).toMatch(/confirm step/)
    expect((await bad([{ step_id: 1, script_param: b64('a b') }])).message).toMatch(/takes 1 parameters, 2 given/)
    // script_timeout is seed 002's 60–86400 (not the COC ticket cap of 1800): beyond it, BlueKing's error body.
    const tooLong = await bad([{ step_id: 1, script_timeout: 86_401 }])
    expect(tooLong).toMatchObject({ result: false, code: 1306001, data: null })
    expect(tooLong.message).toMatch(/script_timeout/)
    expect(await bad([{ step_id: 1, script_timeout: 59 }])).toMatchObject({ result: false, code: 1306001 })
    expect(await bad([{ step_id: 1, ip_list: [{ bk_cloud_id: 0, ip: '10.9.9.9' }] }])).toMatchObject({
      result: false,
      code: 1306001,
    })

    // Seed 002's steps: step 1 on the other host with its own argument, account and timeout; step 3 with
    // another library script (script_id wins over script_content); the confirmation and step 4 left out.
    const cb = await callbackServer()
    try {
      const run = await call('execute_job', {
        ...common,
        bk_biz_id: bizId,
        bk_job_id: bkJobId,
        steps: [
          {
            step_id: 1,
            script_param: b64('custom'),
            script_timeout: 7200,
            account: 'root',
            ip_list: [{ bk_cloud_id: 0, ip: IPS[1] }],
          },
          { step_id: 3, script_id: other.id, script_content: 'ZWNobyAkMQ==', script_param: 'aGVsbG8=' },
        ],
        bk_callback_url: cb.url,
      })
      expect(run.body, JSON.stringify(run.body)).toMatchObject({
        result: true,
        data: { job_instance_name: 'bk steps plan' },
      })
      const id = run.body.data.job_instance_id as number

      const status = await finished(id)
      expect(status.job_instance).toMatchObject({ job_instance_id: id, status: 3, start_way: 2, bk_job_id: bkJobId })
      expect(status.blocks).toHaveLength(2)
      const [s1, s3] = status.blocks.map((b: { step_instances: object[] }) => b.step_instances[0]) as {
        step_instance_id: number
        [k: string]: unknown
      }[]
      expect(s1).toMatchObject({ step_id: 1, type: 1, status: 3, name: 'first' })
      expect(s1!.step_ip_status).toEqual([{ ip: IPS[1], bk_cloud_id: 0, status: 9 }])
      expect(s3).toMatchObject({ step_id: 3, type: 1, status: 3, name: 'second' })
      expect(s3!.step_ip_status).toEqual([{ ip: IPS[0], bk_cloud_id: 0, status: 9 }])
      expect(s1!.step_instance_id).not.toBe(s3!.step_instance_id)
      // Step 1's ticket ran with the 7200 s it was given (beyond the COC cap), step 3 with the plan's 300.
      const timeouts = await db.query<{ timeout_sec: number }>(
        `select o.timeout_sec from plan_run_steps s join plan_runs r on r.id = s.run_id
         join execution_orders o on o.uuid = s.execute_uuid where r.bk_instance_id = $1 order by s.step_index`,
        [id],
      )
      expect(timeouts.map((t) => t.timeout_sec)).toEqual([7200, 300])

      const log = (await call('get_job_instance_log', { ...common, bk_biz_id: bizId, job_instance_id: id }, 'GET')).body
        .data as {
        step_instance_id: number
        status: number
        step_results: { ip_status: number; ip_logs: { ip: string; log_content: string }[] }[]
      }[]
      expect(log.map((l) => [l.step_instance_id, l.status])).toEqual([
        [s1!.step_instance_id, 3],
        [s3!.step_instance_id, 3],
      ])
      expect(log[0]!.step_results[0]!.ip_status).toBe(9)
      expect(log[0]!.step_results[0]!.ip_logs[0]).toMatchObject({
        ip: IPS[1],
        log_content: 'step says custom as root\n',
      })
      expect(log[1]!.step_results[0]!.ip_logs[0]).toMatchObject({ ip: IPS[0], log_content: 'other script got hello\n' })

      await waitFor(() => cb.got.length > 0, 30_000, 'plan callback')
      expect(cb.got[0]).toEqual({
        job_instance_id: id,
        status: 3,
        step_instances: [
          { step_instance_id: s1!.step_instance_id, status: 3 },
          { step_instance_id: s3!.step_instance_id, status: 3 },
        ],
      })
    } finally {
      cb.server.close()
    }
  }, 120_000)

  it('resolves custom_query_id to the hosts of saved CMDB queries (console and BlueKing cc APIs)', async () => {
    const admin = await loginAs(app, 'admin', 'admin-test-pw')
    // Console: a query selecting the second host by IP.
    const made = await app.inject({
      method: 'POST',
      url: '/api/cmdb/custom-queries',
      headers: admin,
      payload: {
        bizId,
        name: 'second host',
        info: {
          condition: [{ bk_obj_id: 'host', condition: [{ field: 'bk_host_innerip', operator: '$eq', value: IPS[1] }] }],
        },
      },
    })
    expect(made.statusCode, made.body).toBe(201)
    const second = made.json().id as string
    const hosts = await app.inject({ method: 'GET', url: `/api/cmdb/custom-queries/${second}/hosts`, headers: admin })
    expect(hosts.json().map((h: { innerIp: string }) => h.innerIp)).toEqual([IPS[1]])
    const unknownField = await app.inject({
      method: 'POST',
      url: '/api/cmdb/custom-queries',
      headers: admin,
      payload: {
        bizId,
        name: 'bad',
        info: { condition: [{ bk_obj_id: 'host', condition: [{ field: 'nope', operator: '$eq', value: 1 }] }] },
      },
    })
    expect(unknownField.statusCode).toBe(400)
    expect(unknownField.json().error.message).toMatch(/host has no field nope/)

    // BlueKing: create_custom_query with info as a JSON string (the seed's form), both hosts by $in.
    const both = await cc('create_custom_query', {
      bk_supplier_account: '123456789',
      bk_biz_id: bizId,
      name: 'api1',
      info: JSON.stringify({
        condition: [
          { bk_obj_id: 'biz', condition: [], fields: [] },
          { bk_obj_id: 'host', condition: [{ field: 'bk_host_innerip', operator: '$in', value: IPS }], fields: [] },
        ],
      }),
    })
    expect(both, JSON.stringify(both)).toMatchObject({ result: true, code: 0, data: { id: expect.any(String) } })
    const bothId = both.data.id as string
    const search = await cc('search_custom_query', {
      bk_biz_id: bizId,
      condition: { name: 'api1' },
      start: 0,
      limit: 10,
    })
    expect(search.data).toMatchObject({ count: 1, info: [{ id: bothId, name: 'api1', bk_biz_id: bizId }] })
    expect(JSON.parse(search.data.info[0].info).condition).toHaveLength(2)
    const data = await cc('get_custom_query_data', { bk_biz_id: bizId, id: bothId, start: 0, limit: 10 })
    expect(data.data.count).toBe(2)
    expect(data.data.info.map((r: { host: { bk_host_innerip: string } }) => r.host.bk_host_innerip).sort()).toEqual(
      [...IPS].sort(),
    )
    expect((await cc('get_custom_query_detail', { bk_biz_id: bizId, id: second })).data).toMatchObject({
      id: second,
      name: 'second host',
    })

    // fast_execute_script by custom_query_id alone runs on the query's host only.
    const run = await call('fast_execute_script', {
      ...common,
      bk_biz_id: bizId,
      script_content: b64('echo "by query on $(hostname)"'),
      custom_query_id: [second],
    })
    expect(run.body, JSON.stringify(run.body)).toMatchObject({ result: true })
    const st = await finished(run.body.data.job_instance_id)
    expect(st.blocks[0].step_instances[0].step_ip_status).toEqual([{ ip: IPS[1], bk_cloud_id: 0, status: 9 }])
    // ip_list and custom_query_id merge without duplicates.
    const merged = await call('fast_execute_script', {
      ...common,
      bk_biz_id: bizId,
      script_content: b64('echo merged'),
      ip_list: [
        { bk_cloud_id: 0, ip: IPS[0] },
        { bk_cloud_id: 0, ip: IPS[1] },
      ],
      custom_query_id: [bothId, second],
    })
    const mst = await finished(merged.body.data.job_instance_id)
    expect(mst.blocks[0].step_instances[0].step_ip_status.map((x: { ip: string }) => x.ip).sort()).toEqual(
      [...IPS].sort(),
    )
    // execute_job: a host-list global variable given by custom_query_id.
    const echo = await libraryScript('cq_plan_echo', 'echo "plan by query"')
    const planned = await app.inject({
      method: 'POST',
      url: '/api/job-plans',
      headers: admin,
      payload: {
        name: 'cq plan',
        variables: [{ name: 'targets', type: 'hosts', default: await resourceOf(SNS[0]!) }],
        steps: [{ kind: 'script', name: 'echo', scriptUuid: echo.uuid, hosts: { variable: 'targets' } }],
      },
    })
    expect(planned.statusCode, planned.body).toBe(201)
    const job = (await call('get_job_list', { ...common, bk_biz_id: bizId, name: 'cq plan' })).body.data[0]
    const detail = (await call('get_job_detail', { ...common, bk_biz_id: bizId, bk_job_id: job.bk_job_id })).body.data
    expect(detail.global_vars[0]).toMatchObject({ name: 'targets', type: 2, ip_list: [{ bk_cloud_id: 0, ip: IPS[0] }] })
    expect(detail.global_vars[0].step_ids).toEqual([1])
    const exec = await call('execute_job', {
      ...common,
      bk_biz_id: bizId,
      bk_job_id: job.bk_job_id,
      global_vars: [{ id: 1, custom_query_id: [second] }],
    })
    expect(exec.body, JSON.stringify(exec.body)).toMatchObject({ result: true })
    const est = await finished(exec.body.data.job_instance_id)
    expect(est.blocks[0].step_instances[0].step_ip_status).toEqual([{ ip: IPS[1], bk_cloud_id: 0, status: 9 }])

    // fast_push_file: a library file to the hosts of a query.
    const local = path.join(mkdtempSync(path.join(os.tmpdir(), 'bk-cq-')), 'by-query.txt')
    writeFileSync(local, 'pushed by query\n')
    const upload = await streamedUpload(port, local, 'by-query.txt', admin)
    expect(upload.status, JSON.stringify(upload.body)).toBe(201)
    const dir = `/tmp/bk-cq-${tag}`
    const push = await call('fast_push_file', {
      ...common,
      bk_biz_id: bizId,
      file_target_path: dir,
      account: 'root',
      file_source: [{ files: ['by-query.txt'], file_type: 2 }],
      custom_query_id: [second],
    })
    expect(push.body, JSON.stringify(push.body)).toMatchObject({ result: true })
    const pst = await finished(push.body.data.job_instance_id)
    expect(pst.blocks[0].step_instances[0].step_ip_status).toEqual([{ ip: IPS[1], bk_cloud_id: 0, status: 9 }])
    expect(readFileSync(path.join(dir, 'by-query.txt'), 'utf8')).toBe('pushed by query\n')

    // Unknown ids, and ids of a deleted query, are BlueKing not-found errors.
    const missing = await call('fast_execute_script', {
      ...common,
      bk_biz_id: bizId,
      script_content: b64('echo x'),
      custom_query_id: ['424242'],
    })
    expect(missing.body).toMatchObject({ result: false, code: 1306404 })
    expect(missing.body.message).toMatch(/custom_query_id not found/)
    expect(await cc('delete_custom_query', { bk_biz_id: bizId, id: second })).toMatchObject({ result: true })
    const gone = await call('fast_execute_script', {
      ...common,
      bk_biz_id: bizId,
      script_content: b64('echo x'),
      custom_query_id: [second],
    })
    expect(gone.body).toMatchObject({ result: false, code: 1306404 })
    expect((await cc('get_custom_query_detail', { bk_biz_id: bizId, id: second })).code).toBe(1306404)
  }, 120_000)
})
