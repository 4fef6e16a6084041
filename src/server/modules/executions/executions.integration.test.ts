import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../app'
import type { DbHandle } from '../../db/client'
import { Keyring } from '../../lib/keyring'
import { type AgentProcess, waitFor } from '../../testing/agent-process'
import { iamToken, loginAs } from '../../testing/test-app'
import { testDb } from '../../testing/test-db'
import { connectAgents, listeningApp } from '../../testing/listening-app'

/**
 * The engine with real agent processes over real sockets: three agents (one of them fails every script on
 * purpose), tickets through the COC API, and a BFF restart in the middle of a run.
 */
const keyring = new Keyring(randomBytes(32))
const tag = randomBytes(4).toString('hex')
const SNS = [`ex${tag}a`, `ex${tag}b`, `ex${tag}c`]
let db: DbHandle
let app: App
let port = 0
let agents: AgentProcess[] = []
let headers: Record<string, string>
const resources: string[] = []

async function start() {
  const config = { agentHeartbeatSec: 0.2, agentMissedBeats: 5, executionReattachSec: 30 }
  ;({ app, port } = await listeningApp(db, keyring, config, port))
  headers = { 'x-auth-token': await iamToken(app, 'admin', 'admin-test-pw') }
}

const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  app.inject({ method, url, headers, payload })

async function script(name: string, content: string, params: object[] = [], risk = 'LOW') {
  const res = await inject('POST', '/v1/job/scripts', {
    name,
    type: 'SHELL',
    description: 'test',
    content,
    properties: { risk_level: risk, version: '1' },
    // ScriptParamDefine requires param_order: the array order unless a test says otherwise.
    script_params: params.map((p, i) => ({ param_order: i + 1, ...p })),
  })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().data as string
}

function body(
  batches: { hosts: number[]; pause?: boolean }[],
  param: Partial<{ timeout: number; success_rate: number | string; script_params: object[] }> = {},
) {
  return {
    execute_param: { timeout: 60, execute_user: 'root', success_rate: 100, resourceful: true, ...param },
    execute_batches: batches.map((b, i) => ({
      batch_index: i + 1,
      rotation_strategy: b.pause ? 'PAUSE' : 'CONTINUE',
      target_instances: b.hosts.map((h) => ({
        resource_id: resources[h]!,
        agent_sn: SNS[h]!,
        region_id: 'local',
        project_id: 'p',
      })),
    })),
  }
}

async function execute(scriptUuid: string, payload: object) {
  const res = await inject('POST', `/v1/job/scripts/${scriptUuid}`, payload)
  expect(res.statusCode, res.body).toBe(200)
  return res.json().data as string
}

const order = async (uuid: string) => (await inject('GET', `/v1/job/script/orders/${uuid}`)).json().data
const until = (uuid: string, status: string, ms = 30_000) =>
  waitFor(async () => (await order(uuid)).status === status, ms, `ticket ${status}`)
const operate = (uuid: string, payload: object) => inject('PUT', `/v1/job/script/orders/${uuid}/operation`, payload)
const instances = async (uuid: string, batch: number) =>
  (await inject('GET', `/v1/job/script/orders/${uuid}/batches/${batch}?limit=50`)).json().data.execute_instances as {
    id: number
    status: string
    message: string
  }[]

beforeAll(async () => {
  db = await testDb()
  await start()
  agents = await connectAgents(
    app,
    port,
    SNS.map((sn, i) => ({ sn, hostname: `exec-${i}`, env: { OC_TEST_ROLE: i === 2 ? 'fail' : 'ok' } })),
  )
  for (const sn of SNS) {
    const [h] = await db.query<{ resource_id: string }>('select resource_id from cmdb_hosts where agent_sn = $1', [sn])
    resources.push(h!.resource_id)
  }
}, 180_000)

afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()))
  await app?.close()
  await db?.close()
})

describe('execution engine with real agents', () => {
  it('runs a 3-batch ticket, pauses after a PAUSE batch, continues and finishes with per-host logs', async () => {
    const sc = await script('hello', 'echo "hello $1 from $(hostname)"', [
      { param_name: 'who', param_value: 'world', param_description: '', sensitive: false },
    ])
    const uuid = await execute(
      sc,
      body([{ hosts: [0] }, { hosts: [1], pause: true }, { hosts: [2] }], { success_rate: '100.0' }),
    )
    expect(uuid).toMatch(/^SCT\d{14}[0-9a-f]{9}$/)
    await until(uuid, 'PAUSED')
    expect((await order(uuid)).properties.current_execute_batch_index).toBe(2)
    expect((await instances(uuid, 3)).map((i) => i.status)).toEqual(['READY'])
    expect((await operate(uuid, { operation_type: 'CONTINUE_ORDER' })).json()).toEqual({ data: uuid })
    await until(uuid, 'FINISHED')
    const info = await order(uuid)
    expect(info).toMatchObject({
      status: 'FINISHED',
      creator: 'admin',
      properties: {
        script_uuid: sc,
        script_name: 'hello',
        current_execute_batch_index: 3,
        execute_param: {
          timeout: 60,
          success_rate: 100,
          execute_user: 'root',
          script_params: [{ param_name: 'who', param_value: 'world', param_order: 1 }],
        },
      },
    })
    expect(info.execute_costs).toBeGreaterThan(0)
    const b1 = await instances(uuid, 1)
    expect(b1[0]!.message).toMatch(/^hello world from /)
    const stats = (await inject('GET', `/v1/job/script/orders/${uuid}/statistics`)).json().data
    expect(stats.total_instance).toBe(3)
    expect(stats.execute_statistics.find((s: { instance_status: string }) => s.instance_status === 'FINISHED')).toEqual(
      { instance_status: 'FINISHED', instance_count: 3, batch_indexes: [1, 2, 3] },
    )
    const batches = (await inject('GET', `/v1/job/script/orders/${uuid}/batches`)).json().data
    expect(batches).toEqual([
      { batch_index: 1, total_instances: 1, rotation_strategy: 'CONTINUE', properties: 'FINISHED' },
      { batch_index: 2, total_instances: 1, rotation_strategy: 'PAUSE', properties: 'FINISHED' },
      { batch_index: 3, total_instances: 1, rotation_strategy: 'CONTINUE', properties: 'FINISHED' },
    ])
    const list = (await inject('GET', '/v1/job/script/orders?limit=10&status=FINISHED')).json().data
    expect(list.data[0]).toMatchObject({ execute_uuid: uuid, order_name: 'hello', status: 'FINISHED' })
  }, 60_000)

  it("accepts the seed's execute example (on a real host): FINISHED, per-host log, statistics match", async () => {
    const sc = await script('seed_example', 'echo "a=$1"', [
      { param_name: 'a', param_value: 'default', param_description: '', sensitive: false },
    ])
    // Seed 001 §4.2.6 request example, verbatim but for resource_id and agent_sn.
    const seed = {
      execute_param: {
        timeout: 300,
        execute_user: 'root',
        success_rate: '100.0',
        script_params: [{ param_name: 'a', param_value: 'key1', param_order: 1 }],
      },
      execute_batches: [
        {
          batch_index: 1,
          rotation_strategy: 'CONTINUE',
          target_instances: [
            {
              resource_id: resources[0],
              agent_sn: SNS[0],
              agent_status: 'ONLINE',
              region_id: 'cn-north-7',
              project_id: 'project_id',
            },
          ],
        },
      ],
    }
    const uuid = await execute(sc, seed)
    await until(uuid, 'FINISHED')
    const [inst] = await instances(uuid, 1)
    expect(inst).toMatchObject({ status: 'FINISHED', message: 'a=key1\n' })
    const stats = (await inject('GET', `/v1/job/script/orders/${uuid}/statistics`)).json().data
    expect(stats.execute_statistics.map((e: { instance_count: number }) => e.instance_count)).toEqual([0, 0, 0, 0, 1])
  }, 30_000)

  it('streams ticket, instance and log events over SSE until the ticket finishes', async () => {
    // Logged in first: the stream must open before the output (a stream opened later starts from the stored state).
    const cons = await loginAs(app, 'admin', 'admin-test-pw')
    const sc = await script('streamed', 'sleep 2; echo "line one"; echo "line two"')
    const uuid = await execute(sc, body([{ hosts: [0] }]))
    const res = await fetch(`http://127.0.0.1:${port}/api/executions/${uuid}/events`, {
      headers: { cookie: cons.cookie },
    })
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reader = res.body!.getReader()
    const events: { type: string; status?: string; data?: string }[] = []
    let text = ''
    while (!events.some((e) => e.type === 'ticket' && e.status === 'FINISHED')) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
      const frames = text.split('\n\n')
      text = frames.pop()!
      for (const f of frames) if (f.includes('data: ')) events.push(JSON.parse(f.slice(f.indexOf('data: ') + 6)))
    }
    await reader.cancel()
    expect(
      events
        .filter((e) => e.type === 'log')
        .map((e) => e.data)
        .join(''),
    ).toBe('line one\nline two\n')
    expect(events.some((e) => e.type === 'instance')).toBe(true)
    expect(events[0]).toMatchObject({ type: 'ticket', executeUuid: uuid }) // the stored state comes first
  }, 30_000)

  it('keeps the stream and time of each piece of output: stderr marked in the console log, COC message plain', async () => {
    const sc = await script('two_streams', 'echo out1; echo err1 >&2; sleep 1.5; echo out2')
    const before = Date.now()
    const uuid = await execute(sc, body([{ hosts: [0] }]))
    await until(uuid, 'FINISHED')
    const [inst] = await instances(uuid, 1)
    // The COC API's message is the plain masked text, without marks.
    expect(inst!.message.split('\n').sort()).toEqual(['', 'err1', 'out1', 'out2'])
    const cons = await loginAs(app, 'admin', 'admin-test-pw')
    const res = await app.inject({
      method: 'GET',
      url: `/api/executions/${uuid}/instances/${inst!.id}/log`,
      headers: cons,
    })
    expect(res.statusCode, res.body).toBe(200)
    const log = res.json() as { log: string; marks: { length: number; stream: string; at: string }[] }
    expect(log.log).toBe(inst!.message)
    // The marks cover the text exactly, and say which stream each line came from and when.
    expect(log.marks.reduce((n, m) => n + m.length, 0)).toBe(log.log.length)
    let offset = 0
    const pieces = log.marks.map((m) => {
      const text = log.log.slice(offset, offset + m.length)
      offset += m.length
      return { text, stream: m.stream, at: Date.parse(m.at) }
    })
    expect(pieces.filter((p) => p.stream === 'stderr').map((p) => p.text)).toEqual(['err1\n'])
    expect(
      pieces
        .filter((p) => p.stream === 'stdout')
        .map((p) => p.text)
        .join(''),
    ).toBe('out1\nout2\n')
    const out2 = pieces.find((p) => p.text.includes('out2'))!
    const out1 = pieces.find((p) => p.text.includes('out1'))!
    expect(out1.at).toBeGreaterThanOrEqual(before - 1000)
    expect(out2.at - out1.at).toBeGreaterThanOrEqual(1000) // read after the sleep: its own time
    expect(out2.at).toBeLessThanOrEqual(Date.now())
  }, 30_000)

  it('answers a reconnect with Last-Event-ID with the ticket, its batches and the hosts changed since', async () => {
    const cons = await loginAs(app, 'admin', 'admin-test-pw')
    const sc = await script('resumed', 'echo resumed')
    const before = Date.now() - 1000
    const uuid = await execute(sc, body([{ hosts: [0] }, { hosts: [1] }]))
    await until(uuid, 'FINISHED')
    const read = async (headers: Record<string, string>) => {
      const ctrl = new AbortController()
      const res = await fetch(`http://127.0.0.1:${port}/api/executions/${uuid}/events`, {
        headers: { cookie: cons.cookie, ...headers },
        signal: ctrl.signal,
      })
      const reader = res.body!.getReader()
      let text = ''
      const deadline = Date.now() + 1500
      while (Date.now() < deadline) {
        const next = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 300))])
        if (!next || next.done) break
        text += new TextDecoder().decode(next.value)
      }
      ctrl.abort()
      return text
        .split('\n\n')
        .filter((f) => f.includes('data: '))
        .map((f) => ({ id: /^id: (\d+)$/m.exec(f)?.[1], ...JSON.parse(f.slice(f.indexOf('data: ') + 6)) }))
    }
    const fresh = await read({})
    expect(fresh.map((e) => e.type)).toEqual(['ticket'])
    expect(Number(fresh[0].id)).toBeGreaterThan(before)
    const resumed = await read({ 'last-event-id': String(before) })
    expect(resumed.map((e) => e.type)).toEqual(['ticket', 'batch', 'batch', 'instance', 'instance'])
    expect(resumed.filter((e) => e.type === 'instance').map((e) => e.instance.status)).toEqual(['FINISHED', 'FINISHED'])
    // A client that saw everything gets the ticket's and batches' states again, no host.
    expect((await read({ 'last-event-id': String(Date.now() + 60_000) })).map((e) => e.type)).toEqual([
      'ticket',
      'batch',
      'batch',
    ])
  }, 30_000)

  it('stops ABNORMAL below the success rate, later batches untouched; retry reruns only failed hosts', async () => {
    const sc = await script('role_check', '[ "$OC_TEST_ROLE" = fail ] && { echo failing >&2; exit 3; }; echo fine')
    const uuid = await execute(sc, body([{ hosts: [0, 2] }, { hosts: [1] }], { success_rate: 60 }))
    await until(uuid, 'ABNORMAL')
    const b1 = await instances(uuid, 1)
    expect(b1.map((i) => i.status).sort()).toEqual(['ABNORMAL', 'FINISHED'])
    expect((await instances(uuid, 2))[0]!.status).toBe('READY')
    const detail = (
      await app.inject({
        method: 'GET',
        url: `/api/executions/${uuid}`,
        headers: await loginAs(app, 'admin', 'admin-test-pw'),
      })
    ).json()
    expect(detail.message).toMatch(/Batch 1: 50.0% .* 60%/)
    expect(detail.allowedOperations).toContain('RETRY_FAILED')
    const failed = b1.find((i) => i.status === 'ABNORMAL')!
    const console = await loginAs(app, 'admin', 'admin-test-pw')
    const retry = await app.inject({
      method: 'POST',
      url: `/api/executions/${uuid}/operations`,
      headers: console,
      payload: { operation: 'RETRY_FAILED' },
    })
    expect(retry.statusCode, retry.body).toBe(200)
    await until(uuid, 'ABNORMAL') // the host still fails: it ran again (attempt 2) and the ticket stops again
    const log = (
      await app.inject({ method: 'GET', url: `/api/executions/${uuid}/instances?batchIndex=1`, headers: console })
    ).json()
    expect(log.items.find((i: { id: number }) => i.id === failed.id)).toMatchObject({
      attempt: 2,
      status: 'ABNORMAL',
      exitCode: 3,
      message: 'exit code 3',
    })
    expect(log.items.find((i: { id: number }) => i.id !== failed.id)).toMatchObject({ attempt: 1, status: 'FINISHED' })
  }, 60_000)

  it('marks a timed-out host ABNORMAL with a message', async () => {
    const sc = await script('sleeper', 'echo start; sleep 30')
    const uuid = await execute(sc, body([{ hosts: [0] }], { timeout: 5, success_rate: 100 }))
    await until(uuid, 'ABNORMAL', 20_000)
    const [inst] = await instances(uuid, 1)
    expect(inst).toMatchObject({ status: 'ABNORMAL', message: 'start\n' })
    const view = (
      await app.inject({
        method: 'GET',
        url: `/api/executions/${uuid}/instances`,
        headers: await loginAs(app, 'admin', 'admin-test-pw'),
      })
    ).json()
    expect(view.items[0].message).toBe('timed out after 5 s')
  }, 30_000)

  it('cancels one host (the ticket goes on) and skips a batch while paused', async () => {
    const sc = await script('long_or_short', '[ "$OC_TEST_ROLE" = fail ] && sleep 30; echo done')
    const uuid = await execute(sc, body([{ hosts: [0, 2], pause: true }, { hosts: [1] }]))
    await waitFor(async () => (await instances(uuid, 1)).some((i) => i.status === 'FINISHED'), 10_000, 'fast host')
    const slow = (await instances(uuid, 1)).find((i) => i.status === 'PROCESSING')!
    expect((await operate(uuid, { operation_type: 'CANCEL_INSTANCE' })).statusCode).toBe(400) // instance_id missing
    const cancel = await operate(uuid, { operation_type: 'CANCEL_INSTANCE', instance_id: slow.id })
    expect(cancel.statusCode, cancel.body).toBe(200)
    await until(uuid, 'PAUSED')
    expect((await instances(uuid, 1)).find((i) => i.id === slow.id)!.status).toBe('CANCELED')
    const again = await operate(uuid, { operation_type: 'CANCEL_INSTANCE', instance_id: slow.id })
    expect(again.statusCode).toBe(400)
    expect(again.json()).toMatchObject({
      error_code: 'COC.00040701',
      error_msg: `instance ${slow.id} is already CANCELED`,
    })
    // Skipping the only batch left leaves nothing to do: the paused ticket finishes.
    expect((await operate(uuid, { operation_type: 'SKIP_BATCH', batch_index: '2' })).statusCode).toBe(200)
    await until(uuid, 'FINISHED')
    expect((await operate(uuid, { operation_type: 'CONTINUE_ORDER' })).statusCode).toBe(400)
    expect((await instances(uuid, 2))[0]!.status).toBe('CANCELED')
    expect((await inject('GET', `/v1/job/script/orders/${uuid}/batches`)).json().data[1].properties).toBe('SKIPPED')
  }, 60_000)

  it('cancels a whole ticket, killing its running processes', async () => {
    const sc = await script('cancel_me', 'sleep 30')
    const uuid = await execute(sc, body([{ hosts: [0, 1] }, { hosts: [2] }]))
    await waitFor(async () => (await instances(uuid, 1)).every((i) => i.status === 'PROCESSING'), 10_000, 'running')
    expect((await operate(uuid, { operation_type: 'CANCEL_ORDER' })).statusCode).toBe(200)
    await until(uuid, 'CANCELED')
    await waitFor(
      async () => !app.services.executionEngine.isFollowing((await instances(uuid, 1))[0]!.id),
      10_000,
      'processes killed',
    )
    expect((await instances(uuid, 2))[0]!.status).toBe('CANCELED')
    expect((await operate(uuid, { operation_type: 'PAUSE_ORDER' })).json().error_msg).toMatch(
      /only a running ticket can be paused/,
    )
  }, 30_000)

  it('passes sensitive values to the agent but masks them in logs, responses and the audit log', async () => {
    const sc = await script('secretive', 'echo "pw=${pw}"', [
      { param_name: 'pw', param_value: 'Default-secret-1', param_description: '', sensitive: true },
    ])
    const uuid = await execute(
      sc,
      body([{ hosts: [0] }], { script_params: [{ param_name: 'pw', param_value: 'Run-secret-77', param_order: 1 }] }),
    )
    await until(uuid, 'FINISHED')
    expect((await instances(uuid, 1))[0]!.message).toBe('pw=******\n')
    const info = JSON.stringify(await order(uuid))
    expect(info).not.toContain('Run-secret-77')
    expect(info).toContain('******')
    const audit = await db.query<{ after: unknown }>('select after from audit_log where target_id = $1', [uuid])
    expect(JSON.stringify(audit)).not.toContain('Run-secret-77')
    // The stored default is used when the mask is sent back.
    const again = await execute(
      sc,
      body([{ hosts: [0] }], { script_params: [{ param_name: 'pw', param_value: '******' }] }),
    )
    await until(again, 'FINISHED')
    expect((await instances(again, 1))[0]!.message).toBe('pw=******\n')
  }, 30_000)

  it('passes every parameter by name: the seed example `echo "v=${a}"` with a=k1 logs v=k1', async () => {
    const sc = await script('named_params', 'echo "v=${a}"; echo "pos=$1,$2"; sleep "${s}"', [
      { param_name: 'a', param_value: 'default', param_description: '', sensitive: false },
      { param_name: 's', param_value: '0', param_description: '', sensitive: false },
    ])
    const started = Date.now()
    const uuid = await execute(
      sc,
      body([{ hosts: [0] }], {
        script_params: [
          { param_name: 'a', param_value: 'k1', param_order: 1 },
          { param_name: 's', param_value: '1', param_order: 2 },
        ],
      }),
    )
    await until(uuid, 'FINISHED')
    expect((await instances(uuid, 1))[0]!.message).toBe('v=k1\npos=k1,1\n')
    // `sleep ${s}` really slept: the value reached the script, it did not return at once.
    expect(Date.now() - started).toBeGreaterThan(1000)
  }, 30_000)

  it('attack: a sensitive value is in no process argv while the script runs (/proc/*/cmdline)', async () => {
    const secret = `Argv-secret-${randomBytes(6).toString('hex')}`
    const sc = await script('argv_probe', 'echo "len=${#pw} pos=[$1] next=$2"; sleep 3', [
      { param_name: 'pw', param_value: 'Default-secret-9', param_description: '', sensitive: true },
      { param_name: 'other', param_value: 'plain', param_description: '', sensitive: false },
    ])
    const uuid = await execute(
      sc,
      body([{ hosts: [0] }], { script_params: [{ param_name: 'pw', param_value: secret, param_order: 1 }] }),
    )
    await waitFor(async () => (await instances(uuid, 1))[0]!.status === 'PROCESSING', 10_000, 'running')
    // Read the command line of every process on the machine, several times while the script sleeps.
    const leaks: string[] = []
    let sawScript = false
    for (let i = 0; i < 10; i++) {
      for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
        try {
          const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
          if (cmdline.includes('script.sh') && cmdline.includes('plain')) sawScript = true
          if (cmdline.includes(secret)) leaks.push(`${pid}: ${cmdline}`)
        } catch {
          // the process ended meanwhile
        }
      }
      await new Promise((r) => setTimeout(r, 150))
    }
    await until(uuid, 'FINISHED')
    expect(sawScript).toBe(true) // the scan did see the running script's own argv
    expect(leaks).toEqual([])
    // The script got the value by name; its position holds an empty string so $2 stays $2.
    expect((await instances(uuid, 1))[0]!.message).toBe(`len=${secret.length} pos=[] next=plain\n`)
  }, 30_000)

  it('runs a ticket again with the same secret, hosts and batches', async () => {
    const sc = await script('rerun_me', '[ "${pw}" = Again-secret-5 ] && echo match || { echo mismatch; exit 1; }', [
      { param_name: 'pw', param_value: 'Default-secret-2', param_description: '', sensitive: true },
    ])
    const first = await execute(
      sc,
      body([{ hosts: [0], pause: true }, { hosts: [1] }], {
        script_params: [{ param_name: 'pw', param_value: 'Again-secret-5' }],
      }),
    )
    await until(first, 'PAUSED')
    const cons = await loginAs(app, 'admin', 'admin-test-pw')
    const res = await app.inject({ method: 'POST', url: `/api/executions/${first}/rerun`, headers: cons, payload: {} })
    expect(res.statusCode, res.body).toBe(201)
    const again = res.json().executeUuid as string
    expect(again).not.toBe(first)
    await until(again, 'PAUSED')
    expect((await instances(again, 1))[0]!.message).toBe('match\n')
    expect(
      (await inject('GET', `/v1/job/script/orders/${again}/batches`))
        .json()
        .data.map((b: { rotation_strategy: string }) => b.rotation_strategy),
    ).toEqual(['PAUSE', 'CONTINUE'])
    for (const t of [first, again]) expect((await operate(t, { operation_type: 'CANCEL_ORDER' })).statusCode).toBe(200)
  }, 30_000)

  it('retries the failed host with an edited parameter as a new ticket, which finishes green', async () => {
    const sc = await script('retry_edit', '[ "$1" = good ] && echo ok || { echo "bad: $1"; exit 1; }', [
      { param_name: 'v', param_value: 'bad', param_description: '', sensitive: false },
    ])
    const first = await execute(
      sc,
      body([{ hosts: [0] }, { hosts: [1] }], { script_params: [{ param_name: 'v', param_value: 'bad' }] }),
    )
    await until(first, 'ABNORMAL')
    const cons = await loginAs(app, 'admin', 'admin-test-pw')
    const rerun = (payload: object) =>
      app.inject({ method: 'POST', url: `/api/executions/${first}/rerun`, headers: cons, payload })
    const unknown = await rerun({ hosts: 'failed', params: [{ param_name: 'nope', param_value: 'x' }] })
    expect(unknown.statusCode, unknown.body).toBe(400)
    const res = await rerun({
      hosts: 'failed',
      params: [{ param_name: 'v', param_value: 'good' }],
      options: { timeout: 60 },
    })
    expect(res.statusCode, res.body).toBe(201)
    const again = res.json().executeUuid as string
    await until(again, 'FINISHED')
    const hosts = await instances(again, 1)
    expect(hosts).toHaveLength(1)
    expect(hosts[0]!.message).toBe('ok\n')
    const order = (await inject('GET', `/v1/job/script/orders/${again}`)).json().data
    expect(order.properties.execute_param.timeout).toBe(60)
  }, 60_000)

  it('refuses bad submissions with COC errors and writes nothing', async () => {
    const before = (await db.query<{ n: number }>('select count(*)::int as n from execution_orders'))[0]!.n
    // An approved HIGH script needs an independent reviewer (review policy); this test is about execution
    // refusals, so it stands in for one that went through review by raising the risk in the database.
    const sc = await script('refusals', 'echo hi', [], 'LOW')
    await db.query(`update scripts set risk_level = 'HIGH' where uuid = $1`, [sc])
    const bad = async (payload: object, match: RegExp, url = `/v1/job/scripts/${sc}`) => {
      const res = await inject('POST', url, payload)
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().error_msg).toMatch(match)
    }
    await bad(body([{ hosts: [0] }], { timeout: 4 }), /timeout/)
    await bad(body([{ hosts: [0] }], { success_rate: 100.55 }), /one decimal/)
    await bad(
      {
        ...body([{ hosts: [0] }]),
        execute_batches: [
          { batch_index: 2, rotation_strategy: 'CONTINUE', target_instances: [{ resource_id: resources[0] }] },
        ],
      },
      /1\.\.n/,
    )
    await bad(body([{ hosts: [0, 0] }]), /targeted twice/)
    await bad(
      {
        ...body([{ hosts: [0] }]),
        execute_batches: [
          { batch_index: 1, rotation_strategy: 'CONTINUE', target_instances: Array(11).fill({ resource_id: 'x' }) },
        ],
      },
      /execute_batches/,
    )
    await bad(
      {
        ...body([{ hosts: [0] }]),
        execute_batches: [
          { batch_index: 1, rotation_strategy: 'CONTINUE', target_instances: [{ resource_id: 'resource_id' }] },
        ],
      },
      /no host resource_id/,
    )
    await bad(
      body([{ hosts: [0] }], { script_params: [{ param_name: 'nope', param_value: 'x' }] }),
      /no parameter nope/,
    )
    const cons = await loginAs(app, 'admin', 'admin-test-pw')
    const high = await app.inject({
      method: 'POST',
      url: '/api/executions',
      headers: cons,
      payload: { script_uuid: sc, ...body([{ hosts: [0] }]) },
    })
    expect(high.statusCode).toBe(400)
    expect(high.json().error.details[0].path).toBe('confirm_high_risk')
    // A script still waiting for its reviewers (this app seeds no reviewer account, so the state is set directly).
    const pending = await script('pending_one', 'echo', [], 'LOW')
    await db.query(`update scripts set status = 'PENDING_APPROVE' where uuid = $1`, [pending])
    await bad(body([{ hosts: [0] }]), /PENDING_APPROVE; only APPROVED/, `/v1/job/scripts/${pending}`)
    expect((await db.query<{ n: number }>('select count(*)::int as n from execution_orders'))[0]!.n).toBe(before)
    const ok = await app.inject({
      method: 'POST',
      url: '/api/executions',
      headers: cons,
      payload: { script_uuid: sc, confirm_high_risk: true, ...body([{ hosts: [0] }]) },
    })
    expect(ok.statusCode, ok.body).toBe(201)
  }, 30_000)

  it('survives a BFF restart mid-run: re-attaches, finishes, and never runs an instance twice', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oc-exec-'))
    const marker = path.join(dir, 'runs')
    const sc = await script('restart_safe', 'echo started >> "$1"; sleep 3; echo "finished on restart test"', [
      { param_name: 'marker', param_value: marker, param_description: '', sensitive: false },
    ])
    const uuid = await execute(sc, body([{ hosts: [0, 1] }, { hosts: [2] }]))
    await waitFor(async () => (await instances(uuid, 1)).every((i) => i.status === 'PROCESSING'), 10_000, 'running')
    await new Promise((r) => setTimeout(r, 500))
    await app.close()
    await start()
    await until(uuid, 'FINISHED', 45_000)
    const all = [...(await instances(uuid, 1)), ...(await instances(uuid, 2))]
    expect(all.map((i) => i.status)).toEqual(['FINISHED', 'FINISHED', 'FINISHED'])
    for (const i of all) expect(i.message).toBe('finished on restart test\n')
    expect(readFileSync(marker, 'utf8').trim().split('\n')).toHaveLength(3)
  }, 90_000)
})
