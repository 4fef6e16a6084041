import { describe, expect, it } from 'vitest'
import { cocClient, inboxLinks, scriptBody } from '../../testing/script-fixtures'
import { loginAs, testApp } from '../../testing/test-app'

const reviewers = (...names: string[]) => names.map((n) => ({ reviewer_name: n, reviewer_id: '' }))
const high = (names: string[], patch: Record<string, unknown> = {}) =>
  scriptBody({
    content: 'rm -rf $TARGET/*',
    ...patch,
    properties: { risk_level: 'HIGH', version: '1', protocol: 'NOT_TO_NOTIFY', reviewers: reviewers(...names) },
  })

describe('review cannot be skipped (issue 13 #6)', () => {
  it('refuses MEDIUM/HIGH scripts without an independent reviewer, and the author as reviewer', async () => {
    const app = await testApp()
    const coc = await cocClient(app, 'admin', 'admin-test-pw')
    const none = await coc.create(high([]))
    expect(none.statusCode).toBe(400)
    expect(none.json().error_msg).toMatch(/HIGH-risk scripts need at least one reviewer who is not the author/)
    const medium = await coc.create(scriptBody({ properties: { risk_level: 'MEDIUM', version: '1' } }))
    expect(medium.statusCode).toBe(400)
    // The admin holds the review permission but wrote the script.
    const self = await coc.create(high(['admin']))
    expect(self.statusCode).toBe(400)
    expect(self.json().error_msg).toMatch(/admin is an author/)
    expect((await coc.list()).json().data.total).toBe(0)
    // LOW risk needs no review under the default policy.
    expect((await coc.create(scriptBody())).statusCode).toBe(200)
  })

  it('the attack: an author empties the reviewers of a pending HIGH script; it stays unapproved', async () => {
    const app = await testApp()
    const coc = await cocClient(app, 'admin', 'admin-test-pw')
    const uuid = (await coc.create(high(['reviewer']))).json().data
    const detail = (await coc.get(uuid)).json().data
    expect(detail.status).toBe('PENDING_APPROVE')

    const emptied = await coc.update(uuid, {
      description: detail.description,
      content: detail.content,
      properties: { risk_level: 'HIGH', version: '1', reviewers: [] },
    })
    expect(emptied.statusCode).toBe(400)
    // Lowering the risk on the way out does not help either: dropping every reviewer never approves.
    const lowered = await coc.update(uuid, {
      description: detail.description,
      content: detail.content,
      properties: { risk_level: 'LOW', version: '1', reviewers: [] },
    })
    expect(lowered.statusCode).toBe(400)
    expect(lowered.json().error_msg).toMatch(/does not approve/)
    const selfReview = await coc.update(uuid, {
      description: detail.description,
      content: detail.content,
      properties: { risk_level: 'HIGH', version: '1', reviewers: reviewers('admin') },
    })
    expect(selfReview.statusCode).toBe(400)
    expect((await coc.get(uuid)).json().data.status).toBe('PENDING_APPROVE')

    const admin = await loginAs(app)
    const view = await app.inject({ method: 'GET', url: `/api/scripts/${uuid}`, headers: admin })
    expect(view.json().findings.map((f: { rule: string }) => f.rule)).toContain('rm-rf-wildcard')
  })

  it('the author of a revision cannot name themselves its reviewer', async () => {
    const app = await testApp()
    const platform = await loginAs(app)
    // A second reviewer-capable user in the tenant.
    await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: platform,
      payload: { username: 'rev2', displayName: 'R2', role: 'admin', password: 'rev2-pw-123' },
    })
    const operator = await cocClient(app)
    const uuid = (await operator.create(high(['rev2']))).json().data
    // rev2 (an admin, so a script writer too) rewrites the script while listed as its reviewer...
    const rev2 = await cocClient(app, 'rev2', 'rev2-pw-123')
    const detail = (await operator.get(uuid)).json().data
    const rewrite = await rev2.update(uuid, {
      description: detail.description,
      content: 'rm -rf /srv/*',
      properties: { risk_level: 'HIGH', version: '1', reviewers: reviewers('rev2') },
    })
    // ...which the policy refuses: the author of a revision cannot be its reviewer.
    expect(rewrite.statusCode).toBe(400)
    const ok = await rev2.update(uuid, {
      description: detail.description,
      content: 'rm -rf /srv/*',
      properties: { risk_level: 'HIGH', version: '1', reviewers: reviewers('reviewer') },
    })
    expect(ok.statusCode).toBe(200)
    expect((await operator.get(uuid)).json().data.status).toBe('PENDING_APPROVE')
  })

  it('an author holding a current link (data from before the policy) still cannot approve', async () => {
    const app = await testApp()
    const operator = await cocClient(app)
    const uuid = (await operator.create(high(['reviewer']))).json().data
    // Make the reviewer the script's author, as rows written before the policy may be.
    await app.services.handle.query(
      `update scripts set creator_id = (select id from users where username = 'reviewer') where uuid = $1`,
      [uuid],
    )
    const { headers, items } = await inboxLinks(app, 'reviewer', 'reviewer-demo-1')
    const token = items.find((i) => i.kind === 'script.review-requested')!.link!.replace('/review/', '')
    const approve = await app.inject({
      method: 'POST',
      url: `/api/review-links/${token}/decision`,
      headers,
      payload: { decision: 'approve', comment: 'mine' },
    })
    expect(approve.statusCode).toBe(403)
    expect(approve.json().error.message).toMatch(/author/)
    expect((await operator.get(uuid)).json().data.status).toBe('PENDING_APPROVE')
  })
})
