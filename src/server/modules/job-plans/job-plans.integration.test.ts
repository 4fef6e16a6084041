import { randomBytes } from 'node:crypto'
import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../app'
import type { DbHandle } from '../../db/client'
import { Keyring } from '../../lib/keyring'
import { type AgentProcess, waitFor } from '../../testing/agent-process'
import { connectAgents, listeningApp } from '../../testing/listening-app'
import { iamToken, loginAs } from '../../testing/test-app'
import { approveScriptReview } from '../../testing/script-fixtures'
import { streamedUpload } from '../../testing/streamed-upload'
import { testDb } from '../../testing/test-db'

/**
 * Plan runs with real agent processes: each script step is an ordinary ticket run by the engine; the run
 * moves on through the job queue when a ticket ends, a confirmation is given or an approval settles.
 */
const keyring = new Keyring(randomBytes(32))
const tag = randomBytes(4).toString('hex')
const SNS = [`pl${tag}a`, `pl${tag}b`]
const IPS = ['127.21.0.1', '127.21.0.2']
const APP = { bk_app_code: 'plan_app', bk_app_secret: 'plan-app-secret-0123456789' }
let db: DbHandle
let app: App
let agents: AgentProcess[] = []
let admin: Record<string, string>
let reviewer: Record<string, string>
let cocHeaders: Record<string, string>
let port = 0
const resources: string[] = []

const api = (who: Record<string, string>, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  app.inject({ method, url, headers: who, payload })

async function script(name: string, content: string, risk = 'LOW', params: object[] = []) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/job/scripts',
    headers: cocHeaders,
    payload: {
      name,
      type: 'SHELL',
      description: 'plan test',
      content,
      properties: {
        risk_level: risk,
        version: '1',
        ...(risk === 'LOW' ? {} : { reviewers: [{ reviewer_name: 'reviewer', reviewer_id: '' }] }),
      },
      script_params: params.map((p, i) => ({ param_order: i + 1, ...p })),
    },
  })
  expect(res.statusCode, res.body).toBe(200)
  const uuid = res.json().data as string
  if (risk !== 'LOW') {
    await approveScriptReview(app, reviewer)
  }
  return uuid
}

async function plan(body: object) {
  const res = await api(admin, 'POST', '/api/job-plans', body)
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as { id: string; status: string; version: number }
}

async function run(planId: string, variables: Record<string, string> = {}) {
  const res = await api(admin, 'POST', `/api/job-plans/${planId}/runs`, { variables })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as { id: string; status: string }
}

type RunView = {
  status: string
  message: string
  messagePhrase: unknown
  steps: {
    status: string
    executeUuid: string | null
    ticketStatus: string | null
    canConfirm: boolean
    approvalId: string | null
    message: string
    messagePhrase: unknown
  }[]
}
const runView = async (id: string, who = admin) => (await api(who, 'GET', `/api/plan-runs/${id}`)).json() as RunView
const until = (id: string, pred: (r: RunView) => boolean, what: string, ms = 40_000) =>
  waitFor(
    async () => {
      const r = await runView(id)
      return pred(r) ? r : null
    },
    ms,
    what,
  )

const log = async (uuid: string) => {
  const detail = (await api(admin, 'GET', `/api/executions/${uuid}/instances?page=1&pageSize=50`)).json() as {
    items: { id: number }[]
  }
  const out: string[] = []
  for (const i of detail.items)
    out.push(((await api(admin, 'GET', `/api/executions/${uuid}/instances/${i.id}/log`)).json() as { log: string }).log)
  return out.join('')
}

beforeAll(async () => {
  db = await testDb()
  ;({ app, port } = await listeningApp(db, keyring, {
    bkAppBootstrap: `${APP.bk_app_code}:${APP.bk_app_secret}`,
    demoSeed: true,
    agentHeartbeatSec: 0.2,
    agentMissedBeats: 5,
  }))
  admin = await loginAs(app, 'admin', 'admin-test-pw')
  reviewer = await loginAs(app, 'reviewer', 'reviewer-demo-1')
  cocHeaders = { 'x-auth-token': await iamToken(app, 'admin', 'admin-test-pw') }
  agents = await connectAgents(
    app,
    port,
    SNS.map((sn, i) => ({ sn, hostname: `plan-${i}`, ip: IPS[i] })),
    'plans',
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

const upload = (file: string, name: string) => streamedUpload(port, file, name, admin)

describe('job plans with real agents', () => {
  it('pushes a file, runs a script that reads it, waits for a confirmation, runs a last script: FINISHED', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plan-push-'))
    const src = path.join(dir, 'app.conf')
    writeFileSync(src, 'listen 8080\n')
    const up = await upload(src, 'plan-app.conf')
    expect(up.status, JSON.stringify(up.body)).toBe(201)
    const target = path.join(dir, 'out')
    const cat = await script('plan_cat', `cat ${target}/plan-app.conf`)
    const done = await script('plan_done', 'echo done')
    const p = await plan({
      name: 'four steps',
      hosts: [resources[0]],
      steps: [
        { kind: 'file', name: 'push config', fileIds: [up.body.id], targetPath: target, mode: '0640' },
        { kind: 'script', name: 'read it', scriptUuid: cat },
        { kind: 'confirm', name: 'check', message: 'config in place?' },
        { kind: 'script', name: 'finish', scriptUuid: done },
      ],
    })
    const r = await run(p.id)
    const waiting = await until(r.id, (v) => v.status === 'waiting', 'confirmation after the push').catch(
      async (err) => {
        const v = await runView(r.id)
        const t = v.steps[0]!.executeUuid
        const inst = t ? (await api(admin, 'GET', `/api/executions/${t}/instances?page=1&pageSize=5`)).body : ''
        throw new Error(`${err.message}: ${JSON.stringify(v)} ${inst}`)
      },
    )
    expect(waiting.steps.map((s) => s.status)).toEqual(['finished', 'finished', 'waiting', 'pending'])
    expect(waiting.steps[0]!.ticketStatus).toBe('FINISHED')
    expect(statSync(path.join(target, 'plan-app.conf')).mode & 0o777).toBe(0o640)
    expect(await log(waiting.steps[1]!.executeUuid!)).toContain('listen 8080')
    expect((await api(admin, 'POST', `/api/plan-runs/${r.id}/steps/2/continue`, { remark: 'ok' })).statusCode).toBe(200)
    const finished = await until(r.id, (v) => v.status === 'finished', 'run FINISHED')
    expect(await log(finished.steps[3]!.executeUuid!)).toContain('done')
  }, 90_000)

  it('runs script → manual confirmation → script to FINISHED, the confirmation pausing it until continued', async () => {
    const hello = await script('plan_hello', 'echo "hello $1 from $(hostname)"', 'LOW', [
      { param_name: 'who', param_value: 'x', param_description: '', sensitive: false },
    ])
    const bye = await script('plan_bye', 'echo "bye from $(hostname)"')
    const p = await plan({
      name: 'deploy three steps',
      hosts: resources,
      variables: [{ name: 'who', type: 'text', default: 'world', allowed: ['world', 'moon'] }],
      steps: [
        {
          kind: 'script',
          name: 'hello',
          scriptUuid: hello,
          params: [{ name: 'who', variable: 'who' }],
          batching: { size: 1 },
        },
        { kind: 'confirm', name: 'check', message: 'look at the hosts', confirmers: { users: ['reviewer'] } },
        { kind: 'script', name: 'bye', scriptUuid: bye },
      ],
    })
    expect(p).toMatchObject({ status: 'active', version: 1 })
    // A value outside the allowed ones is refused before anything runs.
    const bad = await api(admin, 'POST', `/api/job-plans/${p.id}/runs`, { variables: { who: 'mars' } })
    expect(bad.statusCode).toBe(400)

    const r = await run(p.id, { who: 'moon' })
    const waiting = await until(r.id, (v) => v.status === 'waiting', 'confirmation step')
    expect(waiting.steps.map((s) => s.status)).toEqual(['finished', 'waiting', 'pending'])
    expect(waiting.steps[0]!.ticketStatus).toBe('FINISHED')
    const out = await log(waiting.steps[0]!.executeUuid!)
    expect(out.match(/hello moon from /g)).toHaveLength(2)
    // Only the named confirmer may continue: the admin is refused, the reviewer sees the button.
    expect(waiting.steps[1]!.canConfirm).toBe(false)
    expect((await api(admin, 'POST', `/api/plan-runs/${r.id}/steps/1/continue`, { remark: '' })).statusCode).toBe(403)
    expect((await runView(r.id, reviewer)).steps[1]!.canConfirm).toBe(true)
    const cont = await api(reviewer, 'POST', `/api/plan-runs/${r.id}/steps/1/continue`, { remark: 'looks fine' })
    expect(cont.statusCode, cont.body).toBe(200)
    // Continuing twice is an illegal transition, not a silent no-op.
    expect((await api(reviewer, 'POST', `/api/plan-runs/${r.id}/steps/1/continue`, { remark: '' })).statusCode).toBe(
      400,
    )
    const done = await until(r.id, (v) => v.status === 'finished', 'run FINISHED')
    expect(done.steps.map((s) => s.status)).toEqual(['finished', 'finished', 'finished'])
    expect(done.steps[1]!.message).toContain('continued by reviewer: looks fine')
    // What the console renders in the reader's language.
    expect(done.steps[1]!.messagePhrase).toEqual({
      key: 'step.continued-remark',
      params: { actor: 'reviewer', remark: 'looks fine' },
    })
    expect(await log(done.steps[2]!.executeUuid!)).toContain('bye from ')
  }, 90_000)

  it('stops at a failing step unless the step ignores errors', async () => {
    const fail = await script('plan_fail', 'echo failing; exit 3')
    const after = await script('plan_after', 'echo after')
    const steps = (ignoreErrors: boolean) => [
      { kind: 'script', name: 'fails', scriptUuid: fail, ignoreErrors },
      { kind: 'script', name: 'after', scriptUuid: after },
    ]
    const strict = await plan({ name: 'strict', hosts: [resources[0]], steps: steps(false) })
    const r1 = await run(strict.id)
    const failed = await until(r1.id, (v) => v.status === 'failed', 'run failed')
    expect(failed.steps.map((s) => s.status)).toEqual(['failed', 'pending'])
    expect(failed.steps[0]!.ticketStatus).toBe('ABNORMAL')
    expect(failed.steps[1]!.executeUuid).toBeNull()
    expect(failed.message).toMatch(/step 1 \(fails\): ticket \S+ stopped abnormally/)
    expect(failed.messagePhrase).toMatchObject({
      key: 'run.step-ended',
      params: { n: 1, step: 'fails', detail: { key: 'step.ticket-ended', params: { ticketStatus: 'ABNORMAL' } } },
    })

    const lenient = await plan({ name: 'lenient', hosts: [resources[0]], steps: steps(true) })
    const r2 = await run(lenient.id)
    const done = await until(r2.id, (v) => v.status === 'finished', 'run finished')
    expect(done.steps.map((s) => s.status)).toEqual(['ignored', 'finished'])
    expect(done.steps[1]!.ticketStatus).toBe('FINISHED')
  }, 90_000)

  it('an approval step rejected through its signed link cancels the run before any script runs', async () => {
    const marker = await script('plan_marker', 'echo should-not-run')
    const p = await plan({
      name: 'approved change',
      hosts: [resources[1]],
      steps: [
        {
          kind: 'approval',
          name: 'change approval',
          message: 'restart nginx',
          approvers: { users: ['reviewer'] },
          rollback: 'start it again',
        },
        { kind: 'script', name: 'change', scriptUuid: marker },
      ],
    })
    const r = await run(p.id)
    const waiting = await until(r.id, (v) => v.status === 'waiting' && !!v.steps[0]!.approvalId, 'approval step')
    const approvalId = waiting.steps[0]!.approvalId!
    const approval = (await api(reviewer, 'GET', `/api/approvals/${approvalId}`)).json()
    expect(approval).toMatchObject({ status: 'pending', canDecide: true, rollback: 'start it again', mode: 'any' })
    expect(approval.targets).toEqual([resources[1]])
    expect(approval.contentDiff).toContain('+ step 2 [script] change')
    // The reviewer's inbox has the signed link; it is bound to them.
    const inbox = (await api(reviewer, 'GET', '/api/inbox?page=1&pageSize=50')).json() as {
      items: { link: string | null }[]
    }
    const link = inbox.items.map((m) => m.link).find((l) => l?.startsWith('/approval-links/'))!
    const token = link.split('/').pop()!
    expect((await api(admin, 'GET', `/api/approval-links/${token}`)).statusCode).toBe(403)
    const mine = (await api(reviewer, 'GET', '/api/approvals?mine=true')).json()
    expect(mine.items.map((a: { id: string }) => a.id)).toContain(approvalId)
    const rej = await api(reviewer, 'POST', `/api/approval-links/${token}`, { decision: 'reject', remark: 'not today' })
    expect(rej.statusCode, rej.body).toBe(200)
    expect(rej.json()).toMatchObject({ status: 'rejected' })
    expect(rej.json().timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'reject'])
    // Single use.
    expect((await api(reviewer, 'POST', `/api/approval-links/${token}`, { decision: 'approve' })).statusCode).toBe(400)
    const done = await until(r.id, (v) => v.status === 'rejected', 'run rejected')
    expect(done.steps.map((s) => s.status)).toEqual(['canceled', 'pending'])
    expect(done.steps[1]!.executeUuid).toBeNull()
  }, 60_000)

  it('a run with a HIGH-risk script waits for an approval; rejected, it never starts; approved, it runs', async () => {
    const risky = await script('plan_risky', 'echo risky-ran', 'HIGH')
    const p = await plan({
      name: 'risky plan',
      hosts: [resources[0]],
      steps: [{ kind: 'script', name: 'risky', scriptUuid: risky }],
    })
    // A plan with a HIGH-risk script is reviewed before it runs, by someone other than its author.
    expect(p.status).toBe('pending_review')
    expect((await api(admin, 'POST', `/api/job-plans/${p.id}/runs`, { variables: {} })).statusCode).toBe(400)
    expect((await api(admin, 'POST', `/api/job-plans/${p.id}/review`, { decision: 'approve' })).statusCode).toBe(403)
    const reviewed = await api(reviewer, 'POST', `/api/job-plans/${p.id}/review`, { decision: 'approve', remark: 'ok' })
    expect(reviewed.json()).toMatchObject({ status: 'active' })

    const r1 = await run(p.id)
    expect(r1.status).toBe('waiting_approval')
    const gate1 = (await runView(r1.id)) as RunView & { approvalId?: string }
    const a1 = (
      await api(reviewer, 'GET', `/api/approvals/${(gate1 as unknown as { approvalId: string }).approvalId}`)
    ).json()
    expect(a1).toMatchObject({ risk: 'HIGH', canDecide: true })
    // The requester cannot approve their own HIGH-risk run.
    expect((await api(admin, 'POST', `/api/approvals/${a1.id}/decision`, { decision: 'approve' })).statusCode).toBe(403)
    await api(reviewer, 'POST', `/api/approvals/${a1.id}/decision`, { decision: 'reject', remark: 'no' })
    const rejected = await until(r1.id, (v) => v.status === 'rejected', 'rejected')
    expect(rejected.steps[0]!.executeUuid).toBeNull()
    const tickets = await db.query<{ n: string }>(`select count(*) as n from execution_orders where script_uuid = $1`, [
      risky,
    ])
    expect(Number(tickets[0]!.n)).toBe(0)

    const r2 = await run(p.id)
    const a2 = (r2 as unknown as { approvalId: string }).approvalId
    // Delegation: the reviewer hands the turn to the operator, whose approval counts.
    const del = await api(reviewer, 'POST', `/api/approvals/${a2}/delegate`, { to: 'operator', remark: 'on leave' })
    expect(del.statusCode, del.body).toBe(200)
    const operator = await loginAs(app, 'operator', 'operator-demo-1')
    // The operator's inbox says who handed it over, as a phrase the console renders in their language.
    const handed = (await api(operator, 'GET', '/api/inbox'))
      .json()
      .items.find((i: { kind: string; link: string }) => i.kind === 'approval')
    expect(handed).toMatchObject({
      title: expect.stringMatching(/^\(delegated by reviewer\) Approval requested: /),
      phrases: { title: { key: 'approval.delegated', params: { actor: 'reviewer' } } },
    })
    const ok = await api(operator, 'POST', `/api/approvals/${a2}/decision`, { decision: 'approve', remark: 'go' })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json().timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'delegate', 'approve'])
    const done = await until(r2.id, (v) => v.status === 'finished', 'approved run finished')
    expect(await log(done.steps[0]!.executeUuid!)).toContain('risky-ran')
  }, 90_000)

  it('reviews a HIGH-risk plan version through the signed link in the reviewer’s inbox, like script reviews', async () => {
    const risky = await script('plan_risky_link', 'echo link-reviewed', 'HIGH')
    const body = (step: string) => ({
      name: 'link reviewed plan',
      hosts: [resources[0]],
      steps: [{ kind: 'script', name: step, scriptUuid: risky }],
    })
    const p = await plan(body('risky'))
    expect(p.status).toBe('pending_review')
    const linkFor = async (title: string) => {
      const inbox = (await api(reviewer, 'GET', '/api/inbox?page=1&pageSize=100')).json() as {
        items: { title: string; link: string | null }[]
      }
      const msg = inbox.items.find((m) => m.title === `Approval requested: ${title}`)
      expect(msg, `inbox: ${inbox.items.map((m) => m.title).join(' | ')}`).toBeTruthy()
      return msg!.link!.split('/').pop()!
    }
    const token = await linkFor('Review plan link reviewed plan v1')
    // The link is bound to the reviewer: the author cannot use it.
    expect((await api(admin, 'GET', `/api/approval-links/${token}`)).statusCode).toBe(403)
    const view = (await api(reviewer, 'GET', `/api/approval-links/${token}`)).json()
    expect(view).toMatchObject({ risk: 'HIGH', status: 'pending' })
    expect(view.contentDiff).toContain('+ step 1 [script] risky')
    const ok = await api(reviewer, 'POST', `/api/approval-links/${token}`, { decision: 'approve', remark: 'reviewed' })
    expect(ok.statusCode, ok.body).toBe(200)
    expect((await api(admin, 'GET', `/api/job-plans/${p.id}`)).json()).toMatchObject({ status: 'active', version: 1 })

    // Version 2 is reviewed again; rejected through its link, runs keep using version 1.
    const v2 = await api(admin, 'PUT', `/api/job-plans/${p.id}`, body('risky v2'))
    expect(v2.json()).toMatchObject({ status: 'pending_review', version: 2 })
    const token2 = await linkFor('Review plan link reviewed plan v2')
    const view2 = (await api(reviewer, 'GET', `/api/approval-links/${token2}`)).json()
    expect(view2.contentDiff).toContain('- step 1 [script] risky')
    expect(view2.contentDiff).toContain('+ step 1 [script] risky v2')
    const no = await api(reviewer, 'POST', `/api/approval-links/${token2}`, { decision: 'reject', remark: 'not this' })
    expect(no.statusCode, no.body).toBe(200)
    expect((await api(admin, 'GET', `/api/job-plans/${p.id}`)).json()).toMatchObject({ status: 'rejected', version: 2 })
    const r = (await run(p.id)) as unknown as { planVersion: number }
    expect(r.planVersion).toBe(1)

    // Version 3 reviewed in the console instead: its link stops working.
    await api(admin, 'PUT', `/api/job-plans/${p.id}`, body('risky v3'))
    const token3 = await linkFor('Review plan link reviewed plan v3')
    const console = await api(reviewer, 'POST', `/api/job-plans/${p.id}/review`, { decision: 'approve' })
    expect(console.json()).toMatchObject({ status: 'active', version: 3 })
    // Decided elsewhere first: a conflict (409), as for two reviewers racing.
    expect((await api(reviewer, 'POST', `/api/approval-links/${token3}`, { decision: 'approve' })).statusCode).toBe(409)
  }, 90_000)

  it('serves the plan and cron job APIs of seed 002: get_job_list/detail, execute_job, save_cron, update_cron_status, get_cron_list', async () => {
    const bk = async (api: string, params: object) => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/c/compapi/v2/job/${api}/`,
        payload: { ...APP, bk_username: 'admin', ...params },
      })
      return res.json()
    }
    const [{ bk_biz_id }] = await db.query<{ bk_biz_id: number }>(
      'select m.biz_id as bk_biz_id from cmdb_hosts h join cmdb_modules m on m.id = h.module_id where h.agent_sn = $1',
      [SNS[0]],
    )
    const echo = await script('plan_bk_echo', 'echo "bk says $1"', 'LOW', [
      { param_name: 'what', param_value: 'x', param_description: '', sensitive: false },
    ])
    await plan({
      name: 'bk plan',
      variables: [
        { name: 'what', type: 'text', default: 'default' },
        { name: 'targets', type: 'hosts', default: resources[1] },
      ],
      steps: [
        {
          kind: 'script',
          name: 'echo',
          scriptUuid: echo,
          params: [{ name: 'what', variable: 'what' }],
          hosts: { variable: 'targets' },
        },
      ],
    })
    const list = await bk('get_job_list', { bk_biz_id, name: 'bk plan' })
    expect(list, JSON.stringify(list)).toMatchObject({ result: true, code: 0 })
    const job = list.data.find((j: { name: string }) => j.name === 'bk plan')
    expect(job).toMatchObject({ step_num: 1, creator: 'admin' })
    const detail = await bk('get_job_detail', { bk_biz_id, bk_job_id: job.bk_job_id })
    expect(detail.data.global_vars.map((v: { name: string; type: number }) => [v.name, v.type])).toEqual([
      ['what', 1],
      ['targets', 2],
    ])
    expect(detail.data.steps[0]).toMatchObject({ step_id: 1, type: 1, name: 'echo' })
    expect((await bk('get_job_detail', { bk_biz_id, bk_job_id: 999_999 })).code).toBe(1306404)

    // Seed 002's execute_job example, ids adapted: a text variable by id, the host list by ip_list.
    const exec = await bk('execute_job', {
      bk_biz_id,
      bk_job_id: job.bk_job_id,
      global_vars: [
        { id: 1, value: 'new String value' },
        { name: 'targets', ip_list: [{ bk_cloud_id: 0, ip: IPS[0] }] },
      ],
    })
    expect(exec, JSON.stringify(exec)).toMatchObject({ result: true, code: 0, data: { job_instance_name: 'bk plan' } })
    const [{ id: runId }] = await db.query<{ id: string }>('select id from plan_runs where bk_instance_id = $1', [
      exec.data.job_instance_id,
    ])
    const done = await until(runId, (v) => v.status === 'finished', 'execute_job run')
    const out = await log(done.steps[0]!.executeUuid!)
    expect(out).toContain('bk says new String value')
    const ran = await db.query<{ agent_sn: string }>(
      'select i.agent_sn from execution_instances i join execution_orders o on o.id = i.order_id where o.uuid = $1',
      [done.steps[0]!.executeUuid],
    )
    expect(ran.map((r) => r.agent_sn)).toEqual([SNS[0]])
    // steps name steps of the plan (get_job_detail's step_id); an unknown one is a parameter error.
    expect((await bk('execute_job', { bk_biz_id, bk_job_id: job.bk_job_id, steps: [{ step_id: 9 }] })).code).toBe(
      1306001,
    )

    const saved = await bk('save_cron', {
      bk_biz_id,
      bk_job_id: job.bk_job_id,
      cron_name: 'test',
      cron_expression: '0 0/5 * * * ?',
    })
    expect(saved, JSON.stringify(saved)).toMatchObject({ result: true, code: 0 })
    const cronId = saved.data.cron_id as number
    let crons = await bk('get_cron_list', { bk_biz_id, cron_id: cronId })
    expect(crons.data).toEqual([
      expect.objectContaining({
        cron_id: cronId,
        cron_name: 'test',
        cron_status: 2,
        cron_expression: '0 0/5 * * * ?',
        bk_job_id: job.bk_job_id,
      }),
    ])
    expect(await bk('update_cron_status', { bk_biz_id, cron_id: cronId, cron_status: 1 })).toMatchObject({
      result: true,
      data: { cron_id: cronId },
    })
    crons = await bk('get_cron_list', { bk_biz_id, cron_status: 1 })
    expect(crons.data.map((c: { cron_id: number }) => c.cron_id)).toEqual([cronId])
    const bad = await bk('save_cron', {
      bk_biz_id,
      bk_job_id: job.bk_job_id,
      cron_name: 'bad',
      cron_expression: '0 0 12 ? * 9',
    })
    expect(bad.result).toBe(false)
  }, 90_000)
})
