import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../app'
import type { DbHandle } from '../../db/client'
import { Keyring } from '../../lib/keyring'
import { type AgentProcess, waitFor } from '../../testing/agent-process'
import { connectAgents, listeningApp } from '../../testing/listening-app'
import { iamToken, loginAs } from '../../testing/test-app'
import { testDb } from '../../testing/test-db'

/**
 * Issue 17, "any HIGH-risk run opens an approval": a console run of a HIGH-risk script by a non-admin waits
 * for an approval (real PG, real job worker, real agents); its ticket exists only once approved.
 */
const keyring = new Keyring(randomBytes(32))
const tag = randomBytes(4).toString('hex')
const SNS = [`xr${tag}a`, `xr${tag}b`]
const IPS = ['127.22.0.1', '127.22.0.2']
let db: DbHandle
let app: App
let agents: AgentProcess[] = []
let admin: Record<string, string>
let reviewer: Record<string, string>
let operator: Record<string, string>
let cocHeaders: Record<string, string>
const resources: string[] = []

const api = (who: Record<string, string>, method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: who, payload })

const PARAMS = [
  { param_name: 'who', param_value: 'world', param_description: '', sensitive: false },
  { param_name: 'token', param_value: 'dflt', param_description: '', sensitive: true },
]

/** A script through the COC API; a HIGH-risk one is approved by the reviewer through their review link. */
async function script(name: string, content: string, risk: 'LOW' | 'HIGH') {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/job/scripts',
    headers: cocHeaders,
    payload: {
      name,
      type: 'SHELL',
      description: 'approval gate test',
      content,
      properties: {
        risk_level: risk,
        version: '1',
        ...(risk === 'LOW' ? {} : { reviewers: [{ reviewer_name: 'reviewer', reviewer_id: '' }] }),
      },
      script_params: PARAMS.map((p, i) => ({ param_order: i + 1, ...p })),
    },
  })
  expect(res.statusCode, res.body).toBe(200)
  const uuid = res.json().data as string
  if (risk === 'HIGH') {
    const inbox = (await api(reviewer, 'GET', '/api/inbox?page=1&pageSize=50')).json() as {
      items: { kind: string; link: string | null; body: string; title: string }[]
    }
    const link = inbox.items
      .filter((i) => i.kind === 'script.review-requested')
      .map((i) => i.link!.replace('/review/', ''))
    let approved = false
    for (const l of link) {
      const ok = await api(reviewer, 'POST', `/api/review-links/${l}/decision`, { decision: 'approve', comment: 'ok' })
      if (ok.statusCode === 200) approved = true
    }
    expect(approved).toBe(true)
  }
  return uuid
}

/** The wizard's submit body. */
const runBody = (scriptUuid: string, hosts: number[], extra: object = {}) => ({
  script_uuid: scriptUuid,
  execute_param: {
    timeout: 60,
    execute_user: 'root',
    success_rate: 100,
    resourceful: true,
    script_params: [
      { param_name: 'who', param_value: 'gate' },
      { param_name: 'token', param_value: 'tok-s3cr3t-9' },
    ],
  },
  execute_batches: [
    {
      batch_index: 1,
      rotation_strategy: 'CONTINUE',
      target_instances: hosts.map((h) => ({ resource_id: resources[h] })),
    },
  ],
  ...extra,
})

const ticketsOf = async (scriptUuid: string) =>
  db.query<{ uuid: string; params: { param_name: string; value: string; sensitive: boolean }[]; creator_name: string }>(
    'select uuid, params, creator_name from execution_orders where script_uuid = $1 order by id',
    [scriptUuid],
  )
const requestOf = async (approvalId: string) =>
  (
    await db.query<{
      id: string
      status: string
      execute_uuid: string | null
      params: { value: string }[]
      message: string
    }>('select id, status, execute_uuid, params, message from execution_requests where approval_id = $1', [approvalId])
  )[0]!
type InboxItem = { kind: string; title: string; body: string; link: string | null }
const inbox = async (who: Record<string, string>) =>
  ((await api(who, 'GET', '/api/inbox?page=1&pageSize=100')).json() as { items: InboxItem[] }).items

/** The reviewer's signed approval link for `approvalId` (from their inbox). */
async function reviewerLink(approvalId: string) {
  for (const m of await inbox(reviewer)) {
    if (!m.link?.startsWith('/approval-links/')) continue
    const token = m.link.split('/').pop()!
    const view = await api(reviewer, 'GET', `/api/approval-links/${token}`)
    if (view.statusCode === 200 && view.json().id === approvalId) return token
  }
  throw new Error(`no approval link for ${approvalId} in the reviewer's inbox`)
}

beforeAll(async () => {
  db = await testDb()
  let port = 0
  ;({ app, port } = await listeningApp(db, keyring, { demoSeed: true, agentHeartbeatSec: 0.2, agentMissedBeats: 5 }))
  admin = await loginAs(app, 'admin', 'admin-test-pw')
  reviewer = await loginAs(app, 'reviewer', 'reviewer-demo-1')
  operator = await loginAs(app, 'operator', 'operator-demo-1')
  cocHeaders = { 'x-auth-token': await iamToken(app, 'admin', 'admin-test-pw') }
  agents = await connectAgents(
    app,
    port,
    SNS.map((sn, i) => ({ sn, hostname: `xreq-${i}`, ip: IPS[i] })),
    'execution-requests',
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

describe('HIGH-risk console runs wait for an approval', () => {
  it("an operator's HIGH run waits (no ticket); the reviewer approves through the signed link; the ticket runs with the given values", async () => {
    const sc = await script('gate_high', 'echo "high ran for $1 token-len ${#token}"', 'HIGH')
    const res = await api(
      operator,
      'POST',
      '/api/executions',
      runBody(sc, [0, 1], { confirm_high_risk: true, rollback_plan: 'restore from last night' }),
    )
    expect(res.statusCode, res.body).toBe(201)
    const { executeUuid, approvalId } = res.json() as { executeUuid: string | null; approvalId: string }
    expect(executeUuid).toBeNull()
    expect(approvalId).toMatch(/^[0-9a-f-]{36}$/)
    expect(await ticketsOf(sc)).toEqual([])

    // The approval: request, risk, targets, the script as content, the rollback plan, 24 h, admins or reviewers.
    const a = (await api(reviewer, 'GET', `/api/approvals/${approvalId}`)).json()
    expect(a).toMatchObject({
      status: 'pending',
      risk: 'HIGH',
      mode: 'any',
      rollback: 'restore from last night',
      approvers: { users: [], roles: ['admin', 'reviewer'] },
      requester: 'operator',
      runId: null,
      canDecide: true,
    })
    expect(a.request).toContain('gate_high')
    expect(a.request).toContain('2 host(s)')
    expect(a.request).toContain('token=******')
    expect(a.request).not.toContain('tok-s3cr3t-9')
    expect(a.targets).toEqual(['xreq-0 (127.22.0.1)', 'xreq-1 (127.22.0.2)'])
    expect(a.contentDiff).toBe('+ echo "high ran for $1 token-len ${#token}"')
    const hours = (Date.parse(a.timeoutAt) - Date.parse(a.createdAt)) / 3_600_000
    expect(hours).toBeGreaterThan(23.9)
    expect(hours).toBeLessThan(24.1)
    // The approvals page lists it; the requester cannot approve their own run.
    const list = (await api(operator, 'GET', '/api/approvals?page=1&pageSize=50')).json()
    expect(list.items.map((x: { id: string }) => x.id)).toContain(approvalId)
    expect((await api(operator, 'GET', `/api/approvals/${approvalId}`)).json().canDecide).toBe(false)
    expect(
      (await api(operator, 'POST', `/api/approvals/${approvalId}/decision`, { decision: 'approve' })).statusCode,
    ).toBe(403)
    // The waiting request keeps the secret sealed.
    const waiting = await requestOf(approvalId)
    expect(waiting.status).toBe('waiting_approval')
    expect(JSON.stringify(waiting.params)).not.toContain('tok-s3cr3t-9')

    const token = await reviewerLink(approvalId)
    const ok = await api(reviewer, 'POST', `/api/approval-links/${token}`, { decision: 'approve', remark: 'go' })
    expect(ok.statusCode, ok.body).toBe(200)
    const started = await waitFor(
      async () => {
        const r = await requestOf(approvalId)
        return r.status === 'started' ? r : null
      },
      30_000,
      'request started',
    )
    const tickets = await ticketsOf(sc)
    expect(tickets.map((t) => t.uuid)).toEqual([started.execute_uuid])
    const t = tickets[0]!
    expect(t.creator_name).toBe('operator')
    expect(t.params.find((p) => p.param_name === 'who')!.value).toBe('gate')
    const secret = t.params.find((p) => p.param_name === 'token')!
    expect(secret.value).not.toContain('tok-s3cr3t-9')
    expect(keyring.decrypt(secret.value)).toBe('tok-s3cr3t-9')
    const hosts = await db.query<{ resource_id: string }>(
      'select i.resource_id from execution_instances i join execution_orders o on o.id = i.order_id where o.uuid = $1 order by i.id',
      [t.uuid],
    )
    expect(hosts.map((h) => h.resource_id)).toEqual([resources[0], resources[1]])
    await waitFor(
      async () => (await api(operator, 'GET', `/api/executions/${t.uuid}`)).json().status === 'FINISHED',
      30_000,
      'ticket FINISHED',
    )
    const items = (await api(operator, 'GET', `/api/executions/${t.uuid}/instances?page=1&pageSize=10`)).json().items
    const log = (await api(operator, 'GET', `/api/executions/${t.uuid}/instances/${items[0].id}/log`)).json().log
    expect(log).toContain('high ran for gate token-len 12')
    const told = (await inbox(operator)).find((m) => m.kind === 'execution-request')!
    expect(told).toMatchObject({ title: 'Approved and started: gate_high', link: `/tickets/${t.uuid}` })
    // The job's retry (or a second worker) makes no second ticket.
    await app.services.executionRequests.start(started.id)
    expect((await ticketsOf(sc)).length).toBe(1)
  }, 120_000)

  it('rejected: no ticket, the requester is told; timed out: the same', async () => {
    const sc = await script('gate_reject', 'echo never', 'HIGH')
    const res = await api(operator, 'POST', '/api/executions', runBody(sc, [0], { confirm_high_risk: true }))
    expect(res.statusCode, res.body).toBe(201)
    const { approvalId } = res.json() as { approvalId: string }
    const token = await reviewerLink(approvalId)
    const no = await api(reviewer, 'POST', `/api/approval-links/${token}`, { decision: 'reject', remark: 'not today' })
    expect(no.statusCode, no.body).toBe(200)
    expect(no.json().status).toBe('rejected')
    expect((await requestOf(approvalId)).status).toBe('rejected')
    const told = (await inbox(operator)).find((m) => m.link === `/approvals/${approvalId}`)
    expect(told).toMatchObject({ kind: 'execution-request', title: 'Not run: gate_reject (rejected)' })
    expect(told!.body).toContain('Nothing ran')

    const res2 = await api(operator, 'POST', '/api/executions', runBody(sc, [1], { confirm_high_risk: true }))
    const a2 = (res2.json() as { approvalId: string }).approvalId
    await db.query(`update approvals set timeout_at = now() - interval '1 minute' where id = $1`, [a2])
    await app.services.approvals.expire(a2)
    expect((await requestOf(a2)).status).toBe('timeout')
    expect((await inbox(operator)).find((m) => m.link === `/approvals/${a2}`)!.title).toBe(
      'Not run: gate_reject (approval timed out)',
    )
    // Give the worker a moment: nothing may start either way.
    await new Promise((r) => setTimeout(r, 1500))
    expect(await ticketsOf(sc)).toEqual([])
  }, 60_000)

  it('approved after the script changed: nothing runs, the request fails and the requester is told why', async () => {
    const sc = await script('gate_changed', 'echo v1', 'HIGH')
    const res = await api(operator, 'POST', '/api/executions', runBody(sc, [0], { confirm_high_risk: true }))
    const { approvalId } = res.json() as { approvalId: string }
    // A new revision is saved and reviewed while the request waits: the approvers saw the old content.
    const upd = await app.inject({
      method: 'PUT',
      url: `/v1/job/scripts/${sc}`,
      headers: cocHeaders,
      payload: { content: 'echo v2', description: 'changed' },
    })
    expect(upd.statusCode, upd.body).toBe(200)
    const reviews = (await inbox(reviewer)).filter((i) => i.kind === 'script.review-requested')
    for (const r of reviews)
      await api(reviewer, 'POST', `/api/review-links/${r.link!.replace('/review/', '')}/decision`, {
        decision: 'approve',
        comment: 'ok',
      })
    const [now] = await db.query<{ revision: number; status: string }>(
      'select revision, status from scripts where uuid = $1',
      [sc],
    )
    expect(now).toMatchObject({ status: 'APPROVED' })
    expect(now!.revision).toBeGreaterThan(1)

    const ok = await api(reviewer, 'POST', `/api/approvals/${approvalId}/decision`, { decision: 'approve' })
    expect(ok.statusCode, ok.body).toBe(200)
    const failed = await waitFor(
      async () => {
        const r = await requestOf(approvalId)
        return r.status === 'failed' ? r : null
      },
      30_000,
      'request failed',
    )
    expect(failed.message).toContain('changed since the run was approved')
    expect(await ticketsOf(sc)).toEqual([])
    const told = (await inbox(operator)).find((m) => m.title === 'Approved but not started: gate_changed')
    expect(told?.body).toContain('changed since the run was approved')
  }, 60_000)

  it('a bad HIGH request is refused at once, with no approval opened', async () => {
    const sc = await script('gate_bad', 'echo bad', 'HIGH')
    const before = await db.query<{ n: string }>('select count(*) as n from approvals')
    const unconfirmed = await api(operator, 'POST', '/api/executions', runBody(sc, [0]))
    expect(unconfirmed.statusCode).toBe(400)
    const noHost = await api(operator, 'POST', '/api/executions', {
      ...runBody(sc, [0], { confirm_high_risk: true }),
      execute_batches: [
        {
          batch_index: 1,
          rotation_strategy: 'CONTINUE',
          target_instances: [{ resource_id: '00000000-0000-4000-8000-000000000000' }],
        },
      ],
    })
    expect(noHost.statusCode).toBe(400)
    expect(noHost.body).toContain('no host')
    expect(await db.query<{ n: string }>('select count(*) as n from approvals')).toEqual(before)
  }, 60_000)

  it("an admin's own HIGH run and an operator's LOW run start at once", async () => {
    const high = await script('gate_admin_high', 'echo admin-high', 'HIGH')
    const a = await api(admin, 'POST', '/api/executions', runBody(high, [0], { confirm_high_risk: true }))
    expect(a.statusCode, a.body).toBe(201)
    expect(a.json().approvalId).toBeNull()
    expect((await ticketsOf(high)).map((t) => t.uuid)).toEqual([a.json().executeUuid])

    const low = await script('gate_low', 'echo low', 'LOW')
    const l = await api(operator, 'POST', '/api/executions', runBody(low, [1]))
    expect(l.statusCode, l.body).toBe(201)
    expect(l.json()).toMatchObject({ approvalId: null })
    expect((await ticketsOf(low)).map((t) => t.uuid)).toEqual([l.json().executeUuid])
  }, 60_000)

  it("Run again of a HIGH-risk ticket from the console: an operator's waits for an approval, an admin's starts", async () => {
    const sc = await script('gate_rerun', 'echo rerun', 'HIGH')
    const first = await api(admin, 'POST', '/api/executions', runBody(sc, [0], { confirm_high_risk: true }))
    const uuid = first.json().executeUuid as string
    const op = await api(operator, 'POST', `/api/executions/${uuid}/rerun`, {
      confirm_high_risk: true,
      rollback_plan: 'nothing to undo',
    })
    expect(op.statusCode, op.body).toBe(201)
    expect(op.json().executeUuid).toBeNull()
    const a = (await api(reviewer, 'GET', `/api/approvals/${op.json().approvalId}`)).json()
    expect(a).toMatchObject({ risk: 'HIGH', status: 'pending', requester: 'operator', rollback: 'nothing to undo' })
    expect((await ticketsOf(sc)).length).toBe(1)
    const ad = await api(admin, 'POST', `/api/executions/${uuid}/rerun`, { confirm_high_risk: true })
    expect(ad.statusCode, ad.body).toBe(201)
    expect(ad.json().approvalId).toBeNull()
    expect((await ticketsOf(sc)).map((t) => t.uuid)).toEqual([uuid, ad.json().executeUuid])
  }, 60_000)

  it('the COC API keeps starting HIGH-risk scripts at once (automation with its own checks)', async () => {
    const sc = await script('gate_coc', 'echo coc', 'HIGH')
    const operatorToken = { 'x-auth-token': await iamToken(app, 'operator', 'operator-demo-1') }
    const { script_uuid: _s, ...body } = runBody(sc, [0])
    const res = await app.inject({
      method: 'POST',
      url: `/v1/job/scripts/${sc}`,
      headers: operatorToken,
      payload: body,
    })
    expect(res.statusCode, res.body).toBe(200)
    expect((await ticketsOf(sc)).map((t) => t.uuid)).toEqual([res.json().data])
  }, 60_000)
})
