import pg from 'pg'
import { beforeEach, describe, expect, it, inject as vitestInject } from 'vitest'
import type { App } from '../../app'
import { waitForLockWait } from '../../testing/lock-wait'
import { approvedHighRiskScript } from '../../testing/script-fixtures'
import { loginAs, testApp } from '../../testing/test-app'
import { withDb } from '../../testing/test-db'

/**
 * Withdrawing a waiting HIGH-risk console run (real PostgreSQL, through the routes): the requester or an
 * admin may, once; the request and its approval end `withdrawn`, the approvers' links show who withdrew it and
 * take no vote, their inbox items are done; a withdraw racing an approve has exactly one winner.
 */
type Headers = Record<string, string>
let app: App
let admin: Headers
let reviewer: Headers
let operator: Headers
let scriptUuid = ''
let hostId = ''

const api = (who: Headers, method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: who, payload })
const q = <T>(sql: string, params: unknown[] = []) => app.services.handle.query<T>(sql, params)

/** The operator's HIGH-risk run: it waits for an approval; returns the approval's id. */
async function waitingRun() {
  const res = await api(operator, 'POST', '/api/executions', {
    script_uuid: scriptUuid,
    execute_param: { timeout: 60, execute_user: 'root', success_rate: 100, resourceful: true, script_params: [] },
    execute_batches: [{ batch_index: 1, rotation_strategy: 'CONTINUE', target_instances: [{ resource_id: hostId }] }],
    confirm_high_risk: true,
    rollback_plan: 'nothing to roll back',
  })
  expect(res.statusCode, res.body).toBe(201)
  const { executeUuid, approvalId } = res.json() as { executeUuid: string | null; approvalId: string }
  expect(executeUuid).toBeNull()
  return approvalId
}

const requestOf = async (approvalId: string) =>
  (
    await q<{ id: string; status: string; message: string }>(
      'select id, status, message from execution_requests where approval_id = $1',
      [approvalId],
    )
  )[0]!

/** The reviewer's inbox message carrying the signed link of `approvalId`. */
async function reviewerMessage(approvalId: string) {
  const inbox = (await api(reviewer, 'GET', '/api/inbox?page=1&pageSize=100')).json() as {
    items: { link: string | null; read: boolean }[]
  }
  for (const m of inbox.items) {
    if (!m.link?.startsWith('/approval-links/')) continue
    const token = m.link.split('/').pop()!
    const view = await api(reviewer, 'GET', `/api/approval-links/${token}`)
    if (view.statusCode === 200 && view.json().id === approvalId) return { token, read: m.read, view: view.json() }
  }
  throw new Error(`no approval link for ${approvalId} in the reviewer's inbox`)
}

beforeEach(async () => {
  app = await testApp()
  admin = await loginAs(app)
  reviewer = await loginAs(app, 'reviewer', 'reviewer-demo-1')
  operator = await loginAs(app, 'operator', 'operator-demo-1')
  scriptUuid = await approvedHighRiskScript(app, reviewer, 'withdraw_risky')
  const host = await api(admin, 'POST', '/api/cmdb/hosts', { name: 'withdraw-host-1', innerIp: '10.9.0.1' })
  expect(host.statusCode, host.body).toBe(201)
  hostId = (host.json() as { resourceId: string }).resourceId
  // The run is only checked and held here, never started: an online agent on paper is enough.
  await q(`update cmdb_hosts set agent_sn = 'sn-withdraw-1', agent_status = 'online' where name = 'withdraw-host-1'`)
}, 60_000)

describe('withdrawing a waiting HIGH-risk console run', () => {
  it('the requester withdraws: request and approval end withdrawn, links show who and refuse votes, inbox done, audited', async () => {
    const approvalId = await waitingRun()
    const before = await reviewerMessage(approvalId)
    expect(before.read).toBe(false)
    expect((await api(operator, 'GET', `/api/approvals/${approvalId}`)).json().canWithdraw).toBe(true)
    expect((await api(reviewer, 'GET', `/api/approvals/${approvalId}`)).json().canWithdraw).toBe(false)

    const res = await api(operator, 'POST', `/api/approvals/${approvalId}/withdraw`, { remark: 'wrong host' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ status: 'withdrawn', canWithdraw: false, canDecide: false })
    expect(res.json().timeline.at(-1)).toMatchObject({ actor: 'operator', action: 'withdraw', remark: 'wrong host' })
    expect(await requestOf(approvalId)).toMatchObject({ status: 'withdrawn', message: 'withdrawn by operator' })

    // The approver's signed link shows it withdrawn and by whom, and takes no vote; the inbox item is done.
    const after = await reviewerMessage(approvalId)
    expect(after.read).toBe(true)
    expect(after.view).toMatchObject({ status: 'withdrawn', canDecide: false })
    expect(after.view.timeline.at(-1)).toMatchObject({ actor: 'operator', action: 'withdraw' })
    const vote = await api(reviewer, 'POST', `/api/approval-links/${after.token}`, { decision: 'approve' })
    expect(vote.statusCode, vote.body).toBe(409)
    expect(vote.json().error.message).toMatch(/withdrawn/)

    // Twice: a clear 409 with the console's error body.
    const again = await api(operator, 'POST', `/api/approvals/${approvalId}/withdraw`, {})
    expect(again.statusCode, again.body).toBe(409)
    expect(again.json().error).toMatchObject({ code: 'CONFLICT', message: 'This run was already withdrawn' })

    const audit = await q<{ action: string }>(
      `select action from audit_log where action in ('execution.withdraw', 'approval.withdraw') order by action`,
    )
    expect(audit.map((a) => a.action)).toEqual(['approval.withdraw', 'execution.withdraw'])
    expect(await q('select uuid from execution_orders where script_uuid = $1', [scriptUuid])).toEqual([])
  }, 60_000)

  it('only the requester or an admin may withdraw; after a decision it is a 409', async () => {
    const first = await waitingRun()
    const denied = await api(reviewer, 'POST', `/api/approvals/${first}/withdraw`, {})
    expect(denied.statusCode, denied.body).toBe(403)
    expect(denied.json().error.code).toBe('FORBIDDEN')
    expect((await api(admin, 'GET', `/api/approvals/${first}`)).json().canWithdraw).toBe(true)
    const byAdmin = await api(admin, 'POST', `/api/approvals/${first}/withdraw`, {})
    expect(byAdmin.statusCode, byAdmin.body).toBe(200)
    expect(await requestOf(first)).toMatchObject({ status: 'withdrawn', message: 'withdrawn by admin' })
    // The requester hears that an admin withdrew their run.
    const told = (await api(operator, 'GET', '/api/inbox?page=1&pageSize=50')).json() as {
      items: { title: string; link: string | null }[]
    }
    expect(told.items).toContainEqual(
      expect.objectContaining({ title: 'Not run: withdraw_risky (withdrawn by admin)', link: `/approvals/${first}` }),
    )

    const second = await waitingRun()
    const rejected = await api(reviewer, 'POST', `/api/approvals/${second}/decision`, { decision: 'reject' })
    expect(rejected.statusCode, rejected.body).toBe(200)
    const late = await api(operator, 'POST', `/api/approvals/${second}/withdraw`, {})
    expect(late.statusCode, late.body).toBe(409)
    expect(late.json().error).toMatchObject({ code: 'CONFLICT' })
    expect(late.json().error.message).toMatch(/no longer waiting for its approval \(it is rejected\)/)
    expect((await requestOf(second)).status).toBe('rejected')
  }, 60_000)

  it('a withdraw and an approve at once: exactly one wins, the other gets 409, the states agree', async () => {
    const winners: string[] = []
    for (let round = 0; round < 4; round++) {
      const approvalId = await waitingRun()
      const fire = [
        () => api(operator, 'POST', `/api/approvals/${approvalId}/withdraw`, {}),
        () => api(reviewer, 'POST', `/api/approvals/${approvalId}/decision`, { decision: 'approve' }),
      ]
      const started = round % 2 ? [fire[1]!(), fire[0]!()].reverse() : [fire[0]!(), fire[1]!()]
      const [withdraw, approve] = await Promise.all(started)
      expect([withdraw!.statusCode, approve!.statusCode].sort(), `${withdraw!.body} / ${approve!.body}`).toEqual([
        200, 409,
      ])
      const approval = (await api(admin, 'GET', `/api/approvals/${approvalId}`)).json() as { status: string }
      const req = await requestOf(approvalId)
      if (withdraw!.statusCode === 200) {
        winners.push('withdraw')
        expect(approval.status).toBe('withdrawn')
        expect(req.status).toBe('withdrawn')
        expect(approve!.json().error.message).toMatch(/withdrawn/)
      } else {
        winners.push('approve')
        expect(approval.status).toBe('approved')
        expect(req.status).not.toBe('withdrawn')
        expect(withdraw!.json().error.message).toMatch(/no longer waiting/)
      }
    }
    expect(winners).toHaveLength(4)
  }, 120_000)

  it('locks the approval row first: a withdraw waiting behind an approval that settles gets 409, never a deadlock', async () => {
    // Play the approve by hand on its own connection, in the order the settling vote takes: the approval row,
    // then (after the withdraw started and waits) the request row.
    const approvalId = await waitingRun()
    const [{ current_database: name }] = await q<{ current_database: string }>('select current_database()')
    const client = new pg.Client({ connectionString: withDb(vitestInject('testDatabaseUrl'), name) })
    await client.connect()
    try {
      await client.query('BEGIN')
      await client.query('SELECT id FROM approvals WHERE id = $1 FOR UPDATE', [approvalId])
      const withdraw = api(operator, 'POST', `/api/approvals/${approvalId}/withdraw`, {})
      await waitForLockWait(client, 'the withdraw')
      await client.query('SELECT id FROM execution_requests WHERE approval_id = $1 FOR UPDATE', [approvalId])
      await client.query("UPDATE approvals SET status = 'approved', decided_at = now() WHERE id = $1", [approvalId])
      await client.query("UPDATE execution_requests SET status = 'approved' WHERE approval_id = $1", [approvalId])
      await client.query('COMMIT')
      const res = await withdraw
      expect(res.statusCode, res.body).toBe(409)
      expect(res.json().error.message).toMatch(/no longer waiting for its approval \(it is approved\)/)
      expect((await requestOf(approvalId)).status).toBe('approved')
    } finally {
      await client.end()
    }
  }, 60_000)
})
