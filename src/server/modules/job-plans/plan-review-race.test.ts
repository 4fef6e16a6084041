import pg from 'pg'
import { inject as vitestInject, beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../app'
import { approvedHighRiskScript } from '../../testing/script-fixtures'
import { loginAs, testApp } from '../../testing/test-app'
import { withDb } from '../../testing/test-db'
import { waitForLockWait } from '../../testing/lock-wait'

/**
 * Two reviewers deciding the same HIGH-risk plan review at once, on a real PostgreSQL server: one in the
 * console (`/api/job-plans/:id/review`), one through the review approval (its signed link or the approvals
 * page). Every path locks the approval row before the plan row, so the second waits for the first and gets a
 * clear 409 instead of a deadlock (PostgreSQL would abort one of them: a 500).
 */
type Headers = Record<string, string>
let app: App
let admin: Headers
let reviewer: Headers
let reviewer2: Headers
let planId = ''
let bodyOf: (step: string) => object

const api = (who: Headers, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  app.inject({ method, url, headers: who, payload })

/** The review link of `title` in the user's inbox (the token part). */
async function linkOf(who: Headers, title: string) {
  const inbox = (await api(who, 'GET', '/api/inbox?page=1&pageSize=100')).json() as {
    items: { title: string; link: string | null }[]
  }
  const msg = inbox.items.find((m) => m.title === `Approval requested: ${title}`)
  expect(msg, inbox.items.map((m) => m.title).join(' | ')).toBeTruthy()
  return msg!.link!.split('/').pop()!
}

/** Saves a new version (HIGH risk: waits for review) and returns its number and review approval id. */
async function newVersion(step: string) {
  const res = await api(admin, 'PUT', `/api/job-plans/${planId}`, bodyOf(step))
  expect(res.statusCode, res.body).toBe(200)
  const { version, status } = res.json() as { version: number; status: string }
  expect(status).toBe('pending_review')
  return { version, approvalId: await reviewApprovalId() }
}

async function reviewApprovalId() {
  const [row] = await app.services.handle.query<{ review_approval_id: string }>(
    'select review_approval_id from job_plans where id = $1',
    [planId],
  )
  return row!.review_approval_id
}

async function planState() {
  return (await api(admin, 'GET', `/api/job-plans/${planId}`)).json() as { status: string; version: number }
}

beforeEach(async () => {
  app = await testApp()
  admin = await loginAs(app)
  reviewer = await loginAs(app, 'reviewer', 'reviewer-demo-1')
  const tenant = await app.services.identityRepo.tenantByName('default')
  await app.services.users.create({ userId: null, username: 'system', tenantId: tenant!.id }, tenant!.id, {
    username: 'reviewer2',
    displayName: 'Second Reviewer',
    role: 'reviewer',
    password: 'reviewer2-pw-123',
  })
  reviewer2 = await loginAs(app, 'reviewer2', 'reviewer2-pw-123')
  // A HIGH-risk library script, approved through its review link: plans that run it need a review.
  const scriptUuid = await approvedHighRiskScript(app, reviewer, 'race_risky')
  const host = await app.inject({
    method: 'POST',
    url: '/api/cmdb/hosts',
    headers: admin,
    payload: { name: 'race-host-1', innerIp: '10.8.0.1' },
  })
  expect(host.statusCode, host.body).toBe(201)
  const hostId = (host.json() as { resourceId: string }).resourceId
  bodyOf = (step) => ({
    name: 'race plan',
    hosts: [hostId], // never run here: the review is what is raced
    steps: [{ kind: 'script', name: step, scriptUuid }],
  })
  const created = await api(admin, 'POST', '/api/job-plans', bodyOf('v1'))
  expect(created.statusCode, created.body).toBe(201)
  expect(created.json().status).toBe('pending_review')
  planId = created.json().id
}, 60_000)

describe('plan review decided by two reviewers at once', () => {
  it('a console review and a signed-link decision race: one wins, the other gets 409, never a deadlock', async () => {
    let version = 1
    let approvalId = await reviewApprovalId()
    const winners: string[] = []
    for (let round = 0; round < 6; round++) {
      if (round > 0) ({ version, approvalId } = await newVersion(`v${round + 1}`))
      const token = await linkOf(reviewer, `Review plan race plan v${version}`)
      // Alternate who fires first, so both orders of arrival are exercised.
      const fire = [
        () => api(reviewer2, 'POST', `/api/job-plans/${planId}/review`, { decision: 'approve', remark: 'console' }),
        () => api(reviewer, 'POST', `/api/approval-links/${token}`, { decision: 'reject', remark: 'link' }),
      ]
      const started = round % 2 ? [fire[1]!(), fire[0]!()].reverse() : [fire[0]!(), fire[1]!()]
      const [console, link] = await Promise.all(started)
      const codes = [console!.statusCode, link!.statusCode]
      expect(codes.sort(), `console ${console!.body} / link ${link!.body}`).toEqual([200, 409])
      const loser = console!.statusCode === 409 ? console! : link!
      expect(loser.json().error.code).toBe('CONFLICT')
      expect(loser.json().error.message).toMatch(/not waiting for review|already/)
      // The plan and its review approval agree with whoever won.
      const plan = await planState()
      const approval = (await api(admin, 'GET', `/api/approvals/${approvalId}`)).json() as { status: string }
      if (console!.statusCode === 200) {
        winners.push('console')
        expect(plan).toMatchObject({ status: 'active', version })
        expect(approval.status).toBe('canceled')
      } else {
        winners.push('link')
        expect(plan).toMatchObject({ status: 'rejected', version })
        expect(approval.status).toBe('rejected')
      }
    }
    expect(winners).toHaveLength(6)
  }, 120_000)

  it('two reviewers deciding through the approval at once: one settles it, the other gets 409', async () => {
    const approvalId = await reviewApprovalId()
    const [a, b] = await Promise.all([
      api(reviewer, 'POST', `/api/approvals/${approvalId}/decision`, { decision: 'approve', remark: 'one' }),
      api(reviewer2, 'POST', `/api/approvals/${approvalId}/decision`, { decision: 'reject', remark: 'two' }),
    ])
    expect([a.statusCode, b.statusCode].sort(), `${a.body} / ${b.body}`).toEqual([200, 409])
    const won = a.statusCode === 200 ? 'approve' : 'reject'
    expect(await planState()).toMatchObject({ status: won === 'approve' ? 'active' : 'rejected', version: 1 })
  }, 60_000)

  it('two reviewers in the console at once: one decides, the other gets 409', async () => {
    const [a, b] = await Promise.all([
      api(reviewer, 'POST', `/api/job-plans/${planId}/review`, { decision: 'approve' }),
      api(reviewer2, 'POST', `/api/job-plans/${planId}/review`, { decision: 'reject' }),
    ])
    expect([a.statusCode, b.statusCode].sort(), `${a.body} / ${b.body}`).toEqual([200, 409])
    const loser = a.statusCode === 409 ? a : b
    expect(loser.json().error.message).toMatch(/race plan v1 is not waiting for review/)
  }, 60_000)

  it('takes the approval row before the plan row: a decision holding the approval never deadlocks a review', async () => {
    // Play the signed-link decision by hand on its own connection: lock the approval row, let the console
    // review start, then lock the plan row as onReviewSettled does. With the review locking the plan first,
    // PostgreSQL would find a deadlock here and abort one side.
    const approvalId = await reviewApprovalId()
    const [{ current_database: name }] = await app.services.handle.query<{ current_database: string }>(
      'select current_database()',
    )
    const client = new pg.Client({ connectionString: withDb(vitestInject('testDatabaseUrl'), name) })
    await client.connect()
    try {
      await client.query('BEGIN')
      await client.query('SELECT id FROM approvals WHERE id = $1 FOR UPDATE', [approvalId])
      const review = api(reviewer2, 'POST', `/api/job-plans/${planId}/review`, { decision: 'approve' })
      // The review is now waiting for the approval row (and holds nothing the link side needs).
      await waitForLockWait(client, 'the review')
      await client.query('SELECT id FROM job_plans WHERE id = $1 FOR UPDATE', [planId])
      await client.query("UPDATE approvals SET status = 'approved', decided_at = now() WHERE id = $1", [approvalId])
      await client.query(
        "UPDATE job_plans SET status = 'active', approved_version = version, review_approval_id = NULL WHERE id = $1",
        [planId],
      )
      await client.query('COMMIT')
      const res = await review
      expect(res.statusCode, res.body).toBe(409)
      expect(res.json().error.message).toMatch(/not waiting for review \(it is active\)/)
    } finally {
      await client.end()
    }
  }, 60_000)
})
