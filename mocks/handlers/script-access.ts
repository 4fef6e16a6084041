import { scanScript } from '../../src/contract/script-risk'
import { reviewTransition } from '../../src/contract/script-review'
import { currentUser, db } from '../db'
import type { MockScript } from '../factories/scripts'
import { MockError } from '../mock-route'
import { consoleLinks } from '../../src/contract/inbox'
import { composed, phrase } from '../../src/contract/inbox-text'

// Shared by the script and script-review handlers (and executions, inbox), kept apart so neither imports the other.

export function requireScriptUser() {
  const user = currentUser()
  if (!user) throw new MockError(401, 'APIGW.0301', 'Authentication required')
  return user
}

export function findScript(uuid: string, code = 'COC.00040404') {
  const s = db.scripts.find((x) => x.detail.script_uuid === uuid)
  if (!s) throw new MockError(404, code, `Script ${uuid} not found`)
  return s
}

/** The console's view of a mock script (same shape as the BFF's ScriptView). */
export function viewOf(s: MockScript) {
  const reviews = s.reviews.filter((r) => r.revision === s.reviewRevision)
  const rejected = s.detail.status === 'REJECTED' ? reviews.find((r) => r.decision === 'rejected') : undefined
  return {
    script: s.detail,
    revision: s.revision,
    approvedRevision: s.approvedRevision,
    findings: scanScript(s.detail.content),
    reviews,
    rejection: rejected ? { by: rejected.reviewerName, comment: rejected.comment, at: rejected.decidedAt! } : null,
  }
}

/** Status after a submission; each reviewer gets a review row, a link and an inbox message (as the BFF does). */
export function startRound(s: MockScript, author: string) {
  const reviewers = s.detail.properties.reviewers
  const next = reviewTransition(s.detail.status, { type: 'submit', reviewerCount: reviewers.length })
  if (next.ok) s.detail.status = next.status
  if (s.detail.status === 'APPROVED') s.approvedRevision = s.revision
  const expires = new Date(Date.now() + 24 * 3600 * 1000).toISOString()
  for (const r of reviewers) {
    const user = db.users.find((u) => u.username === r.reviewer_name)!
    s.reviews.push({
      reviewerId: user.id,
      reviewerName: user.username,
      revision: s.revision,
      decision: 'pending',
      comment: '',
      decidedAt: null,
    })
    const token = `${crypto.randomUUID()}.mock.${Math.random().toString(36).slice(2).padEnd(20, 'x')}`
    db.reviewLinks.push({
      token,
      scriptUuid: s.detail.script_uuid,
      reviewer: user.username,
      revision: s.revision,
      used: false,
    })
    db.inbox.unshift({
      id: crypto.randomUUID(),
      recipient: user.username,
      kind: 'script.review-requested',
      ...composed({
        title: phrase('review.requested', {
          script: s.detail.name,
          revision: s.revision,
          risk: s.detail.properties.risk_level,
        }),
        body: phrase('review.requested.body', { actor: author, script: s.detail.name, expiresAt: expires }),
      }),
      link: consoleLinks.review(token),
      read: false,
      createdAt: new Date().toISOString(),
    })
  }
}
