import { scriptConsoleRoutes } from '../../src/contract/script-console'
import { canDecide, reviewTransition } from '../../src/contract/script-review'
import { scanScript } from '../../src/contract/script-risk'
import { diffLines } from '../../src/contract/text-diff'
import { db, page } from '../db'
import type { MockScript } from '../factories/scripts'
import { MockError, mockRoute } from '../mock-route'
import { findScript, requireScriptUser, viewOf } from './script-access'
import { consoleLinks } from '../../src/contract/inbox'

function diff(s: MockScript, from: number, to: number) {
  const a = s.versions.find((v) => v.revision === from)
  const b = s.versions.find((v) => v.revision === to)
  if (!b || (from > 0 && !a)) throw new MockError(404, 'NOT_FOUND', 'No such revision')
  const summary = ({ revision, version, change, author, createdAt }: typeof b) => ({
    revision,
    version,
    change,
    author,
    createdAt,
  })
  const fields = [
    ['description', a?.description ?? null, b.description],
    ['properties.risk_level', a?.riskLevel ?? null, b.riskLevel],
  ]
    .filter(([, x, y]) => x !== y)
    .map(([field, before, after]) => ({ field: field!, before, after }))
  return { from: a ? summary(a) : null, to: summary(b), lines: diffLines(a?.content ?? '', b.content), fields }
}

function link(token: string, allowUsed = false) {
  const user = requireScriptUser()
  const l = db.reviewLinks.find((x) => x.token === token)
  if (!l) throw new MockError(400, 'LINK_INVALID', 'This review link is not valid: it was altered or never issued.')
  if (l.reviewer !== user.username)
    throw new MockError(403, 'LINK_WRONG_USER', 'This review link was sent to another reviewer.')
  const s = findScript(l.scriptUuid, 'NOT_FOUND')
  if (l.used && allowUsed) return { l, s, user }
  if (l.used) throw new MockError(410, 'LINK_USED', 'This review link has already been used.')
  if (l.revision !== s.reviewRevision)
    throw new MockError(410, 'LINK_SUPERSEDED', 'The script changed after this link was sent.')
  return { l, s, user }
}

function linkView(s: MockScript, reviewer: string, base = s.approvedRevision) {
  const mine =
    s.reviews.find((r) => r.revision === s.reviewRevision && r.reviewerName === reviewer)?.decision ?? 'pending'
  return {
    view: viewOf(s),
    diff: diff(s, base ?? 0, s.revision),
    myDecision: mine,
    canDecide: canDecide(s.detail.status, mine),
    expiresAt: new Date(Date.now() + 72 * 3600e3).toISOString(),
    decided: null as null | { by: string; decision: typeof mine; at: string | null; comment: string },
  }
}

export const scriptReviewHandlers = [
  mockRoute(scriptConsoleRoutes.list, ({ query }) => {
    requireScriptUser()
    const rows = db.scripts.filter(
      (s) =>
        (!query.nameLike || s.detail.name.includes(query.nameLike)) &&
        (!query.type || s.detail.type === query.type) &&
        (!query.riskLevel || s.detail.properties.risk_level === query.riskLevel) &&
        (!query.status || s.detail.status === query.status) &&
        (!query.creator || s.detail.creator === query.creator),
    )
    return page(
      rows.map((s) => ({
        scriptUuid: s.detail.script_uuid,
        name: s.detail.name,
        type: s.detail.type,
        riskLevel: s.detail.properties.risk_level,
        status: s.detail.status,
        version: s.detail.version,
        revision: s.revision,
        creator: s.detail.creator,
        operator: s.detail.operator,
        updatedAt: new Date(s.detail.gmt_modified).toISOString(),
        reviewers: s.detail.properties.reviewers.map((r) => ({
          name: r.reviewer_name,
          decision:
            s.reviews.find((x) => x.revision === s.reviewRevision && x.reviewerName === r.reviewer_name)?.decision ??
            ('pending' as const),
        })),
        highRiskFindings: scanScript(s.detail.content).filter((f) => f.severity === 'high').length,
      })),
      query.page,
      query.pageSize,
    )
  }),
  mockRoute(scriptConsoleRoutes.view, ({ params }) => viewOf(findScript(params.scriptUuid, 'NOT_FOUND'))),
  mockRoute(scriptConsoleRoutes.versions, ({ params }) =>
    findScript(params.scriptUuid, 'NOT_FOUND').versions.map(({ revision, version, change, author, createdAt }) => ({
      revision,
      version,
      change,
      author,
      createdAt,
    })),
  ),
  mockRoute(scriptConsoleRoutes.version, ({ params }) => {
    const v = findScript(params.scriptUuid, 'NOT_FOUND').versions.find((x) => x.revision === params.revision)
    if (!v) throw new MockError(404, 'NOT_FOUND', 'No such revision')
    return v
  }),
  mockRoute(scriptConsoleRoutes.diff, ({ params, query }) =>
    diff(findScript(params.scriptUuid, 'NOT_FOUND'), query.from, query.to),
  ),
  mockRoute(scriptConsoleRoutes.openReviewLink, ({ params }) => {
    const { l, s, user } = link(params.token, true)
    if (!l.used) return linkView(s, user.username)
    const r = s.reviews.find((x) => x.revision === l.revision && x.reviewerName === l.reviewer)!
    return {
      ...linkView(s, user.username),
      canDecide: false,
      decided: { by: r.reviewerName, decision: r.decision, at: r.decidedAt, comment: r.comment },
    }
  }),
  mockRoute(scriptConsoleRoutes.decide, ({ params, body }) => {
    const { l, s, user } = link(params.token)
    const base = s.approvedRevision
    const round = s.reviews.filter((r) => r.revision === s.reviewRevision)
    const mine = round.find((r) => r.reviewerName === user.username)!
    mine.decision = body.decision === 'approve' ? 'approved' : 'rejected'
    mine.comment = body.comment
    mine.decidedAt = new Date().toISOString()
    const next = reviewTransition(
      s.detail.status,
      mine.decision === 'approved'
        ? { type: 'approve', decisions: round.map((r) => r.decision), mode: 'all' }
        : { type: 'reject' },
    )
    if (!next.ok) throw new MockError(400, 'INVALID_TRANSITION', next.reason)
    if (body.riskLevel) s.detail.properties.risk_level = body.riskLevel
    s.detail.status = next.status
    if (next.status === 'APPROVED') s.approvedRevision = s.revision
    l.used = true
    for (const msg of db.inbox)
      if (msg.recipient === user.username && msg.link === consoleLinks.review(l.token)) msg.read = true
    return {
      ...linkView(s, user.username, base),
      decided: { by: user.username, decision: mine.decision, at: mine.decidedAt, comment: mine.comment },
    }
  }),
]
