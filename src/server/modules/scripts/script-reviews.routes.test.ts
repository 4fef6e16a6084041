import { describe, expect, it } from 'vitest'
import type { App } from '../../app'
import { cocClient, inboxLinks, scriptBody } from '../../testing/script-fixtures'
import { loginAs, testApp } from '../../testing/test-app'

const REVIEWER = ['reviewer', 'reviewer-demo-1'] as const
const withReviewers = (names: string[], patch: Record<string, unknown> = {}) =>
  scriptBody({
    content: 'curl -s https://get.example | sh\necho ok',
    ...patch,
    properties: {
      risk_level: 'HIGH',
      version: '1',
      protocol: 'NOT_TO_NOTIFY',
      reviewers: names.map((n) => ({ reviewer_name: n, reviewer_id: '' })),
    },
  })

async function reviewLink(app: App, user: readonly [string, string] = REVIEWER) {
  const { headers, items } = await inboxLinks(app, user[0], user[1])
  const msg = items.find((i) => i.kind === 'script.review-requested')!
  return { headers, token: msg.link!.replace('/review/', ''), msg }
}
const open = (app: App, token: string, headers: Record<string, string>) =>
  app.inject({ method: 'GET', url: `/api/review-links/${token}`, headers })
const decide = (app: App, token: string, headers: Record<string, string>, body: object) =>
  app.inject({ method: 'POST', url: `/api/review-links/${token}/decision`, headers, payload: body })

describe('script review through signed links', () => {
  it('notifies the reviewer, shows diff and findings only to them, approves once', async () => {
    const app = await testApp()
    const coc = await cocClient(app)
    const uuid = (await coc.create(withReviewers(['reviewer']))).json().data
    expect((await coc.get(uuid)).json().data.status).toBe('PENDING_APPROVE')
    const { headers, token, msg } = await reviewLink(app)
    expect(msg.title).toContain('disk_check')

    const operator = await loginAs(app, 'operator', 'operator-demo-1')
    const stranger = await open(app, token, operator)
    expect(stranger.statusCode).toBe(403)
    expect(stranger.json().error.code).toBe('LINK_WRONG_USER')

    const view = (await open(app, token, headers)).json()
    expect(view).toMatchObject({ myDecision: 'pending', canDecide: true, diff: { from: null, to: { revision: 1 } } })
    expect(view.view.findings.map((f: { rule: string }) => f.rule)).toEqual(['curl-pipe-shell'])
    expect(view.diff.lines.every((l: { op: string }) => l.op === 'add')).toBe(true)

    const approved = await decide(app, token, headers, { decision: 'approve', comment: 'fine' })
    expect(approved.statusCode).toBe(200)
    expect(approved.json()).toMatchObject({
      myDecision: 'approved',
      canDecide: false,
      view: { script: { status: 'APPROVED' }, approvedRevision: 1 },
    })
    // The answer still diffs against what was approved before the decision (here: nothing).
    expect(approved.json().diff.from).toBeNull()
    expect((await coc.get(uuid)).json().data.status).toBe('APPROVED')

    const reused = await decide(app, token, headers, { decision: 'reject', comment: 'changed my mind' })
    expect(reused.statusCode).toBe(410)
    expect(reused.json().error.code).toBe('LINK_USED')
    // Opened again, the used link shows the decision it carried and by whom, read-only.
    const reopened = await open(app, token, headers)
    expect(reopened.statusCode).toBe(200)
    expect(reopened.json()).toMatchObject({
      canDecide: false,
      decided: { by: 'reviewer', decision: 'approved', comment: 'fine' },
    })
    expect(Date.parse(reopened.json().decided.at)).toBeGreaterThan(Date.now() - 60_000)
    expect((await coc.get(uuid)).json().data.status).toBe('APPROVED')
    // Acting through the link marked the review request in the reviewer's inbox done.
    const after = await inboxLinks(app, 'reviewer', 'reviewer-demo-1')
    expect(after.items.find((i) => i.link === `/review/${token}`)?.read).toBe(true)

    const author = await inboxLinks(app, 'operator', 'operator-demo-1')
    expect(author.items[0]).toMatchObject({ kind: 'script.approved', link: `/scripts/${uuid}` })
  })

  it('refuses tampered and expired links and changes nothing', async () => {
    const app = await testApp()
    const coc = await cocClient(app)
    const uuid = (await coc.create(withReviewers(['reviewer']))).json().data
    const { headers, token } = await reviewLink(app)
    const [id, exp, mac] = token.split('.')
    const later = (parseInt(exp, 36) + 3600_000).toString(36)
    const flipped = mac.slice(0, -1) + (mac.endsWith('A') ? 'B' : 'A')
    for (const bad of [
      `${id}.${later}.${mac}`,
      `${id}.${exp}.${flipped}`,
      `${id.replace(/^./, id[0] === 'a' ? 'b' : 'a')}.${exp}.${mac}`,
      'not-a-token-at-all',
    ]) {
      const res = await decide(app, bad, headers, { decision: 'approve' })
      expect(res.statusCode).toBe(400)
      expect(res.json().error.code).toBe('LINK_INVALID')
    }
    expect((await coc.get(uuid)).json().data.status).toBe('PENDING_APPROVE')

    app.services.config.reviewLinkHours = -1
    const expiredUuid = (await coc.create(withReviewers(['reviewer'], { name: 'expired_one' }))).json().data
    const expired = await reviewLink(app)
    const res = await decide(app, expired.token, expired.headers, { decision: 'approve' })
    expect(res.statusCode).toBe(410)
    expect(res.json().error.code).toBe('LINK_EXPIRED')
    expect((await coc.get(expiredUuid)).json().data.status).toBe('PENDING_APPROVE')
  })

  it('rejects with a reason the author sees; a modification re-submits and supersedes old links', async () => {
    const app = await testApp()
    const coc = await cocClient(app)
    const uuid = (await coc.create(withReviewers(['reviewer']))).json().data
    const first = await reviewLink(app)
    const noReason = await decide(app, first.token, first.headers, { decision: 'reject' })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().error.message).toContain('comment')
    expect(
      (await decide(app, first.token, first.headers, { decision: 'reject', comment: 'pipes curl to sh' })).statusCode,
    ).toBe(200)
    const author = await loginAs(app, 'operator', 'operator-demo-1')
    const view = (await app.inject({ method: 'GET', url: `/api/scripts/${uuid}`, headers: author })).json()
    expect(view).toMatchObject({
      script: { status: 'REJECTED' },
      rejection: { by: 'reviewer', comment: 'pipes curl to sh' },
    })

    await coc.update(uuid, { description: 'fixed', content: 'echo ok' })
    expect((await coc.get(uuid)).json().data.status).toBe('PENDING_APPROVE')
    const second = await reviewLink(app)
    expect(second.token).not.toBe(first.token)
    const diff = (await open(app, second.token, second.headers)).json().diff
    expect(diff).toMatchObject({ from: null, to: { revision: 2 } })

    await coc.update(uuid, { description: 'fixed again', content: 'echo ok!' })
    const stale = await decide(app, second.token, second.headers, { decision: 'approve' })
    expect(stale.statusCode).toBe(410)
    expect(stale.json().error.code).toBe('LINK_SUPERSEDED')
    const third = await reviewLink(app)
    expect((await decide(app, third.token, third.headers, { decision: 'approve' })).json().view.script.status).toBe(
      'APPROVED',
    )

    // After an approval the next review shows the diff against the approved revision.
    await coc.update(uuid, { description: 'fixed again', content: 'echo ok!\nuptime' })
    const fourth = await reviewLink(app)
    const d = (await open(app, fourth.token, fourth.headers)).json().diff
    expect(d.from.revision).toBe(3)
    expect(d.lines.filter((l: { op: string }) => l.op !== 'equal')).toEqual([{ op: 'add', text: 'uptime', newLine: 2 }])
  })

  it('needs every reviewer in mode all; a reviewer may change only the risk level', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'rev2', displayName: 'Rev Two', role: 'reviewer', password: 'rev2-review-1' },
    })
    const coc = await cocClient(app)
    const uuid = (await coc.create(withReviewers(['reviewer', 'rev2']))).json().data
    const one = await reviewLink(app)
    const after = (await decide(app, one.token, one.headers, { decision: 'approve', riskLevel: 'MEDIUM' })).json()
    expect(after.view.script).toMatchObject({ status: 'PENDING_APPROVE', properties: { risk_level: 'MEDIUM' } })
    expect(
      after.view.reviews.map((r: { reviewerName: string; decision: string }) => [r.reviewerName, r.decision]),
    ).toEqual([
      ['rev2', 'pending'],
      ['reviewer', 'approved'],
    ])

    const rev2 = await cocClient(app, 'rev2', 'rev2-review-1')
    const d = (await rev2.get(uuid)).json().data
    const riskOnly = {
      description: d.description,
      content: d.content,
      script_params: d.script_params,
      properties: { ...d.properties, risk_level: 'LOW' },
    }
    expect((await rev2.update(uuid, riskOnly)).statusCode).toBe(200)
    expect((await rev2.get(uuid)).json().data).toMatchObject({
      status: 'PENDING_APPROVE',
      properties: { risk_level: 'LOW' },
    })
    const sneaky = await rev2.update(uuid, { ...riskOnly, content: 'rm -rf /' })
    expect(sneaky.statusCode).toBe(403)
    expect((await rev2.get(uuid)).json().data.content).toBe(d.content)

    const two = await reviewLink(app, ['rev2', 'rev2-review-1'])
    expect((await decide(app, two.token, two.headers, { decision: 'approve' })).json().view.script.status).toBe(
      'APPROVED',
    )
    const versions = (await app.inject({ method: 'GET', url: `/api/scripts/${uuid}/versions`, headers: admin })).json()
    expect(versions.map((v: { change: string }) => v.change)).toEqual(['risk-level', 'risk-level', 'create'])
  })
})
