import pg from 'pg'
import { inject as vitestInject, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../app'
import { waitFor } from '../../testing/agent-process'
import { iamToken, loginAs, testApp } from '../../testing/test-app'
import { approveScriptReview } from '../../testing/script-fixtures'
import { withDb } from '../../testing/test-db'
import { waitForLockWait } from '../../testing/lock-wait'

/**
 * Canceling a plan run that waits for an approval while an approver decides it, on a real PostgreSQL server.
 * The cancel closes the approval, the decision moves the run: both paths lock the approval row before the run
 * row, so the later one waits for the earlier one and gets a clear 409 instead of a deadlock (PostgreSQL would
 * abort one of them: a 500).
 */
type Headers = Record<string, string>
type RunView = { status: string; approvalId: string | null; steps: { status: string; approvalId: string | null }[] }
let app: App
let admin: Headers
let reviewer: Headers
let host = ''

const api = (who: Headers, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  app.inject({ method, url, headers: who, payload })
const runView = async (id: string) => (await api(admin, 'GET', `/api/plan-runs/${id}`)).json() as RunView
const approvalStatus = async (id: string) =>
  ((await api(admin, 'GET', `/api/approvals/${id}`)).json() as { status: string }).status

beforeEach(async () => {
  app = await testApp()
  admin = await loginAs(app)
  reviewer = await loginAs(app, 'reviewer', 'reviewer-demo-1')
  // A host of the tenant for the plans' steps (never run here: the approval is what is raced).
  const made = await api(admin, 'POST', '/api/cmdb/hosts', { name: 'cancel-race-1', innerIp: '10.9.0.1' })
  expect(made.statusCode, made.body).toBe(201)
  host = (made.json() as { resourceId: string }).resourceId
}, 60_000)

async function createPlan(body: object) {
  const res = await api(admin, 'POST', '/api/job-plans', body)
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as { id: string; status: string }
}

async function startRun(planId: string) {
  const res = await api(admin, 'POST', `/api/job-plans/${planId}/runs`, { variables: {} })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as RunView & { id: string }
}

/** A plan running a HIGH-risk library script: reviewed, so its runs wait at the HIGH-risk approval gate. */
async function gatedPlan() {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/job/scripts',
    headers: { 'x-auth-token': await iamToken(app) },
    payload: {
      name: 'cancel_race_risky',
      type: 'SHELL',
      description: 'cancel race test',
      content: 'echo risky',
      properties: { risk_level: 'HIGH', version: '1', reviewers: [{ reviewer_name: 'reviewer', reviewer_id: '' }] },
      script_params: [],
    },
  })
  expect(res.statusCode, res.body).toBe(200)
  const scriptUuid = res.json().data as string
  await approveScriptReview(app, reviewer)
  const plan = await createPlan({
    name: 'gated plan',
    hosts: [host],
    steps: [{ kind: 'script', name: 's', scriptUuid }],
  })
  const reviewed = await api(reviewer, 'POST', `/api/job-plans/${plan.id}/review`, { decision: 'approve' })
  expect(reviewed.statusCode, reviewed.body).toBe(200)
  return plan.id
}

/** Fires the cancel and the decision together (alternating which goes out first) and checks who won. */
async function race(runId: string, approvalId: string, round: number) {
  const fire = [
    () => api(admin, 'POST', `/api/plan-runs/${runId}/cancel`, { remark: 'stop' }),
    () => api(reviewer, 'POST', `/api/approvals/${approvalId}/decision`, { decision: 'reject', remark: 'no' }),
  ]
  const started = round % 2 ? [fire[1]!(), fire[0]!()].reverse() : [fire[0]!(), fire[1]!()]
  const [cancel, decision] = await Promise.all(started)
  const codes = [cancel!.statusCode, decision!.statusCode]
  expect(codes.slice().sort(), `cancel ${cancel!.body} / decision ${decision!.body}`).toEqual([200, 409])
  const loser = cancel!.statusCode === 409 ? cancel! : decision!
  expect(loser.json().error.code).toMatch(/CONFLICT|INVALID_TRANSITION/)
  expect(loser.json().error.message).toMatch(/already (rejected|closed)/)
  const run = await runView(runId)
  if (cancel!.statusCode === 200) {
    expect(run.status).toBe('canceled')
    expect(await approvalStatus(approvalId)).toBe('canceled')
    return 'cancel'
  }
  expect(run.status).toBe('rejected')
  expect(await approvalStatus(approvalId)).toBe('rejected')
  return 'decision'
}

describe('canceling a plan run while its approval is decided', () => {
  it('the HIGH-risk gate: cancel and reject race, one wins, the other gets 409, never a deadlock', async () => {
    const planId = await gatedPlan()
    const winners: string[] = []
    for (let round = 0; round < 8; round++) {
      const run = await startRun(planId)
      expect(run.status).toBe('waiting_approval')
      winners.push(await race(run.id, run.approvalId!, round))
    }
    expect(winners).toHaveLength(8)
  }, 180_000)

  it('an approval step: cancel and reject race, one wins, the other gets 409, never a deadlock', async () => {
    const plan = await createPlan({
      name: 'approval step plan',
      hosts: [host],
      steps: [{ kind: 'approval', name: 'gate', message: 'ok?', approvers: { users: ['reviewer'] } }],
    })
    const winners: string[] = []
    for (let round = 0; round < 6; round++) {
      const { id } = await startRun(plan.id)
      const waiting = await waitFor(
        async () => {
          const r = await runView(id)
          return r.status === 'waiting' && r.steps[0]!.approvalId ? r : null
        },
        20_000,
        'the approval step',
      )
      winners.push(await race(id, waiting.steps[0]!.approvalId!, round))
    }
    expect(winners).toHaveLength(6)
  }, 180_000)

  it('takes the approval row before the run row: a decision holding the approval never deadlocks a cancel', async () => {
    // Play the decision by hand on its own connection: lock the approval row, let the cancel start, then lock
    // the run row as onApprovalSettled does. With the cancel locking the run first, PostgreSQL would find a
    // deadlock here and abort one side.
    const planId = await gatedPlan()
    const run = await startRun(planId)
    const [{ current_database: name }] = await app.services.handle.query<{ current_database: string }>(
      'select current_database()',
    )
    const client = new pg.Client({ connectionString: withDb(vitestInject('testDatabaseUrl'), name) })
    await client.connect()
    try {
      await client.query('BEGIN')
      await client.query('SELECT id FROM approvals WHERE id = $1 FOR UPDATE', [run.approvalId])
      const cancel = api(admin, 'POST', `/api/plan-runs/${run.id}/cancel`, { remark: 'stop' })
      await waitForLockWait(client, 'the cancel')
      await client.query('SELECT id FROM plan_runs WHERE id = $1 FOR UPDATE', [run.id])
      await client.query("UPDATE approvals SET status = 'rejected', decided_at = now() WHERE id = $1", [run.approvalId])
      await client.query("UPDATE plan_runs SET status = 'rejected', finished_at = now() WHERE id = $1", [run.id])
      await client.query('COMMIT')
      const res = await cancel
      expect(res.statusCode, res.body).toBe(409)
      expect(res.json().error.message).toMatch(/already rejected/)
    } finally {
      await client.end()
    }
  }, 60_000)
})
