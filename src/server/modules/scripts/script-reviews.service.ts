import { composed, phrase } from '../../../contract/inbox-text'
import type { z } from 'zod'
import type { ReviewDecisionBodySchema } from '../../../contract/script-console'
import { canDecide, reviewTransition } from '../../../contract/script-review'
import { scanScript } from '../../../contract/script-risk'
import type { Config } from '../../config'
import type { Db, Tx } from '../../db/client'
import type { StoredReviewer } from '../../db/schema'
import { ForbiddenError, InvalidTransitionError } from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { InboxService } from '../inbox/inbox.service'
import { ReviewLinkError, parseReviewLink, signReviewLink, verifyReviewLink } from './review-links'
import type { ReviewDeliveries } from './review-deliveries'
import type { ReviewDelivery } from './review-notifier'
import { toCocDetail, type ScriptRow } from './script-dto'
import type { ScriptVersionsService } from './script-versions.service'
import type { ScriptsRepository } from './scripts.repository'
import { consoleLinks } from '../../../contract/inbox'
import { refusal } from '../../../contract/refusal-text'

type Actor = Pick<Principal, 'userId' | 'username' | 'tenantId'>
type DecisionBody = z.infer<typeof ReviewDecisionBodySchema>

/**
 * Review rounds, signed review links and decisions. A round is one revision submitted for review: each
 * reviewer gets a review row, a single-use link bound to them, an inbox message and, over the script's
 * protocol, a queued delivery (e-mail, chat webhook) that commits with the round.
 */
export class ScriptReviewsService {
  constructor(
    private readonly db: Db,
    private readonly repo: ScriptsRepository,
    private readonly versions: ScriptVersionsService,
    private readonly inbox: InboxService,
    private readonly audit: AuditService,
    private readonly keyring: Keyring,
    private readonly config: Pick<Config, 'reviewLinkHours' | 'scriptReviewMode' | 'publicUrl'>,
    private readonly deliveries: ReviewDeliveries,
  ) {}

  private channelNotify?: (
    tx: Tx,
    to: { id: string; username: string },
    n: { tenantId: string; title: string; body: string; link: string; scriptUuid: string },
  ) => Promise<void>

  /** Reviewers also get the request on their own notification channels (set by the notifications module). */
  notifyReviewersWith(fn: NonNullable<ScriptReviewsService['channelNotify']>) {
    this.channelNotify = fn
  }

  async startRound(
    tx: Tx,
    script: ScriptRow,
    actor: Actor,
    reviewers: (StoredReviewer & { email: string | null })[],
  ): Promise<ReviewDelivery[]> {
    const deliveries: ReviewDelivery[] = []
    const expiresAt = new Date(Date.now() + this.config.reviewLinkHours * 3600 * 1000)
    for (const r of reviewers) {
      const review = await this.repo.insertReview(tx, {
        scriptId: script.id,
        revision: script.revision,
        reviewerId: r.userId,
        reviewerName: r.username,
      })
      const link = await this.repo.insertLink(tx, { reviewId: review.id, reviewerId: r.userId, expiresAt })
      const path = consoleLinks.review(signReviewLink(this.keyring, link.id, r.userId, expiresAt))
      const message = composed({
        title: phrase('review.requested', {
          script: script.name,
          revision: script.revision,
          risk: script.riskLevel,
        }),
        body: phrase('review.requested.body', {
          actor: actor.username,
          script: script.name,
          expiresAt: expiresAt.toISOString(),
        }),
      })
      const { title: subject, body: text } = message
      await this.inbox.post(tx, {
        tenantId: script.tenantId,
        recipientId: r.userId,
        kind: 'script.review-requested',
        ...message,
        link: path,
      })
      await this.channelNotify?.(
        tx,
        { id: r.userId, username: r.username },
        { tenantId: script.tenantId, ...message, link: path, scriptUuid: script.uuid },
      )
      deliveries.push({
        protocol: script.protocol as ReviewDelivery['protocol'],
        to: { username: r.username, email: r.email },
        subject,
        text,
        url: `${this.config.publicUrl}${path}`,
      })
    }
    // In this transaction: the round's e-mails and webhooks are jobs that commit with it (or not at all).
    await this.deliveries.enqueue(
      tx,
      { tenantId: script.tenantId, requestedBy: actor.userId, scriptUuid: script.uuid },
      deliveries,
    )
    return deliveries
  }

  /** The library's detail view: current review round, findings and the rejection reason. */
  async viewOf(row: ScriptRow, tx: Tx = this.db) {
    const reviews = row.reviewers.length ? await this.repo.reviewsOf(row.id, row.reviewRevision, tx) : []
    const rejected = row.status === 'REJECTED' ? reviews.find((r) => r.decision === 'rejected') : undefined
    return {
      script: toCocDetail(row),
      revision: row.revision,
      approvedRevision: row.approvedRevision,
      findings: scanScript(row.content),
      reviews: reviews.map((r) => ({
        reviewerId: r.reviewerId,
        reviewerName: r.reviewerName,
        revision: r.revision,
        decision: r.decision,
        comment: r.comment,
        decidedAt: r.decidedAt?.toISOString() ?? null,
      })),
      rejection: rejected
        ? { by: rejected.reviewerName, comment: rejected.comment, at: rejected.decidedAt!.toISOString() }
        : null,
    }
  }

  /**
   * Checks a link in this order: well-formed and untampered (400), bound to the caller (403), not expired,
   * not used, still about the current round (410). Nothing is changed by a refused link.
   */
  private async check(principal: Principal, token: string, tx: Tx, lock: boolean, allowUsed = false) {
    const parsed = parseReviewLink(token)
    const found = parsed ? await this.repo.link(parsed.linkId, tx) : undefined
    if (
      !parsed ||
      !found ||
      !verifyReviewLink(this.keyring, parsed, found.link.reviewerId) ||
      parsed.expiresAtMs !== found.link.expiresAt.getTime()
    ) {
      throw new ReviewLinkError(400, 'LINK_INVALID', 'This review link is not valid: it was altered or never issued.')
    }
    const script = lock
      ? await this.repo.lockById(tx, found.review.scriptId)
      : await this.repo.byId(tx, found.review.scriptId)
    if (found.link.reviewerId !== principal.userId || !script || script.tenantId !== principal.tenantId) {
      throw new ReviewLinkError(
        403,
        'LINK_WRONG_USER',
        'This review link was sent to another reviewer. Sign in as that reviewer to use it.',
      )
    }
    // Opening a used link shows the decision it carried (read-only), even after it expired.
    if (allowUsed && found.link.usedAt) return { ...found, script }
    if (found.link.expiresAt.getTime() <= Date.now())
      throw new ReviewLinkError(
        410,
        'LINK_EXPIRED',
        'This review link has expired. Ask the author to submit the script again.',
      )
    if (found.link.usedAt) throw new ReviewLinkError(410, 'LINK_USED', 'This review link has already been used.')
    if (found.review.revision !== script.reviewRevision) {
      throw new ReviewLinkError(
        410,
        'LINK_SUPERSEDED',
        'The script changed after this link was sent; use the link of the newer review request.',
      )
    }
    return { ...found, script }
  }

  /** `base`: the revision to diff against; after a decision, the one approved before it (not the one just approved). */
  private async linkView(
    script: ScriptRow,
    reviewerId: string,
    expiresAt: Date,
    tx: Tx,
    base = script.approvedRevision,
  ) {
    const view = await this.viewOf(script, tx)
    const mine = view.reviews.find((r) => r.reviewerId === reviewerId)?.decision ?? 'pending'
    const diff = await this.versions.diffOf(script.id, script.uuid, base ?? 0, script.revision, tx)
    return {
      view,
      diff,
      myDecision: mine,
      canDecide: canDecide(script.status, mine),
      expiresAt: expiresAt.toISOString(),
      decided: null as null | { by: string; decision: typeof mine; at: string | null; comment: string },
    }
  }

  /** A valid link opens the revision to decide on; a used one opens read-only with the decision it carried. */
  async open(principal: Principal, token: string) {
    const { script, link, review } = await this.check(principal, token, this.db, false, true)
    const view = await this.linkView(script, principal.userId, link.expiresAt, this.db)
    if (!link.usedAt) return view
    return { ...view, canDecide: false, decided: decidedOf(review) }
  }

  /** Approve or reject through a link; uses the link up, applies the state machine, tells the author. */
  async decide(principal: Principal, token: string, body: DecisionBody, ctx: RequestContext) {
    return this.db.transaction(async (tx) => {
      const { script, review, link } = await this.check(principal, token, tx, true)
      // Never one's own work, whatever the reviewer list says (issue 13 #6).
      const submitted = await this.repo.version(script.id, script.reviewRevision, tx)
      if (principal.userId === script.creatorId || principal.userId === submitted?.authorId)
        throw new ForbiddenError(refusal('review.author-decides'))
      if (!(await this.repo.useLink(tx, link.id)))
        throw new ReviewLinkError(410, 'LINK_USED', 'This review link has already been used.')
      const round = await this.repo.reviewsOf(script.id, script.reviewRevision, tx)
      const decision = body.decision === 'approve' ? ('approved' as const) : ('rejected' as const)
      const decisions = round.map((r) => (r.id === review.id ? decision : r.decision))
      const outcome = reviewTransition(
        script.status,
        decision === 'approved'
          ? { type: 'approve', decisions, mode: this.config.scriptReviewMode }
          : { type: 'reject' },
      )
      if (!outcome.ok || !canDecide(script.status, review.decision))
        throw new InvalidTransitionError(
          outcome.ok
            ? refusal('review.already-decided', { decision: body.decision })
            : refusal('review.not-waiting', { decision: body.decision, scriptStatus: script.status }),
        )
      await this.repo.decide(tx, review.id, decision, body.comment)
      let row = script
      if (body.riskLevel && body.riskLevel !== script.riskLevel)
        row = await this.changeRiskLevel(tx, script, body.riskLevel, principal)
      row = await this.repo.update(tx, row.id, {
        status: outcome.status,
        operatorName: principal.username,
        ...(outcome.status === 'APPROVED' ? { approvedRevision: row.revision } : {}),
      })
      if (outcome.status !== script.status) {
        const verb = outcome.status === 'APPROVED' ? 'approved' : 'rejected'
        await this.inbox.post(tx, {
          tenantId: row.tenantId,
          recipientId: row.creatorId,
          kind: `script.${verb}`,
          ...composed(
            { title: phrase(`script.${verb}`, { script: row.name, actor: principal.username }) },
            body.comment,
          ),
          link: consoleLinks.script(row.uuid),
        })
      }
      await this.audit.record(
        tx,
        principal,
        {
          action: `script.${decision === 'approved' ? 'approve' : 'reject'}`,
          targetType: 'script',
          targetId: row.uuid,
          before: { status: script.status, risk_level: script.riskLevel },
          after: { status: row.status, risk_level: row.riskLevel, revision: review.revision, comment: body.comment },
        },
        ctx,
      )
      // The review request in the reviewer's inbox is done once acted on through its link.
      await this.inbox.markReadByLink(tx, principal.userId, consoleLinks.review(token))
      const view = await this.linkView(row, principal.userId, link.expiresAt, tx, script.approvedRevision)
      return {
        ...view,
        decided: { by: principal.username, decision, at: new Date().toISOString(), comment: body.comment },
      }
    })
  }

  /** A reviewer's risk-level change: a new revision, same review round. */
  async changeRiskLevel(tx: Tx, script: ScriptRow, riskLevel: ScriptRow['riskLevel'], actor: Actor) {
    const revision = script.revision + 1
    const row = await this.repo.update(tx, script.id, { riskLevel, revision, operatorName: actor.username })
    await this.repo.insertVersion(tx, {
      scriptId: row.id,
      revision,
      change: 'risk-level',
      name: row.name,
      type: row.type,
      description: row.description,
      content: row.content,
      riskLevel,
      version: row.version,
      params: row.params,
      reviewers: row.reviewers,
      authorId: actor.userId,
      authorName: actor.username,
    })
    return row
  }
}

function decidedOf(review: { reviewerName: string; decision: string; decidedAt: Date | null; comment: string }) {
  return {
    by: review.reviewerName,
    decision: review.decision as 'pending' | 'approved' | 'rejected',
    at: review.decidedAt?.toISOString() ?? null,
    comment: review.comment,
  }
}
