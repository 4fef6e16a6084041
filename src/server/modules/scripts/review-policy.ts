import type { Config } from '../../config'
import type { StoredReviewer } from '../../db/schema'
import { ValidationError } from '../../lib/errors'

type Risk = 'LOW' | 'MEDIUM' | 'HIGH'
const RANK: Record<Risk, number> = { LOW: 0, MEDIUM: 1, HIGH: 2 }

export type ReviewPolicy = Pick<Config, 'scriptReviewRequiredFrom'>

/** Whether a script of this risk needs an independent reviewer (SCRIPT_REVIEW_REQUIRED_FROM, default MEDIUM). */
export function needsReview(risk: Risk, policy: ReviewPolicy): boolean {
  return RANK[risk] >= RANK[policy.scriptReviewRequiredFrom]
}

/**
 * The review policy for a submission (create or modify), issue 13 #6: no author (the script's creator or
 * whoever submits this revision) among the reviewers; a script at or above the policy's risk needs at
 * least one reviewer; and dropping every reviewer of a script that had some never approves it. Throws a
 * 400 naming the rule, so nothing is written.
 */
export function assertReviewPolicy(
  submission: { risk: Risk; reviewers: StoredReviewer[]; authorIds: string[]; hadReviewers: boolean },
  policy: ReviewPolicy,
): void {
  const path = 'properties.reviewers'
  const author = submission.reviewers.find((r) => submission.authorIds.includes(r.userId))
  if (author) {
    const message = `${author.username} is an author of this script and cannot review it; name another reviewer`
    throw new ValidationError(message, [{ path, message }])
  }
  if (submission.reviewers.length > 0) return
  if (needsReview(submission.risk, policy)) {
    const message = `${submission.risk}-risk scripts need at least one reviewer who is not the author (review policy: SCRIPT_REVIEW_REQUIRED_FROM=${policy.scriptReviewRequiredFrom})`
    throw new ValidationError(message, [{ path, message }])
  }
  if (submission.hadReviewers) {
    const message = 'Removing every reviewer does not approve a script; keep or name a reviewer'
    throw new ValidationError(message, [{ path, message }])
  }
}
