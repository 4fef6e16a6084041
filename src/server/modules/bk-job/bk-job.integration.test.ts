import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../app'
import type { DbHandle } from '../../db/client'
import { Keyring } from '../../lib/keyring'
import { type AgentProcess, spawnAgent, waitFor } from '../../testing/agent-process'
import { listeningApp } from '../../testing/listening-app'
import { iamToken } from '../../testing/test-app'
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
  const tenant = await app.services.identityRepo.tenantByName('default')
  const { token } = await app.services.agentTokens.create(
    { userId: null, username: 'test', tenantId: tenant!.id },
    { description: 'bk' },
  )
  agents = SNS.map((sn, i) =>
    spawnAgent({ server: `http://127.0.0.1:${port}`, token, sn, hostname: `bk-${i}`, ip: IPS[i] }),
  )
  for (const sn of SNS)
    await waitFor(() => app.services.agentGateway.isConnected(sn), 60_000, `agent ${sn}`).catch((err) => {
      throw new Error(`${err.message}\n${agents.map((a) => a.logs.join('')).join('\n')}`)
    })
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
    const token = await iamToken(app, 'admin', 'admin-test-pw')
    const created = await app.inject({
      method: 'POST',
      url: '/v1/job/scripts',
      headers: { 'x-auth-token': token },
      payload: {
        name: 'echo_first',
        type: 'SHELL',
        description: 'seed example',
        content: 'echo "library says $1"',
        properties: { risk_level: 'LOW', version: '1' },
        script_params: [
          { param_order: 1, param_name: 'word', param_value: 'x', param_description: '', sensitive: false },
        ],
      },
    })
    expect(created.statusCode, created.body).toBe(200)
    const scriptId = Number(
      (await db.query<{ id: string }>('select id from scripts where uuid = $1', [created.json().data]))[0]!.id,
    )
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
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/cb`
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
})
