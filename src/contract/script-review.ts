/**
 * The script review state machine (seed 4.2 status PENDING_APPROVE / APPROVED / REJECTED), pure so the BFF,
 * the mocks and the UI share it. A submission (create or modify) with reviewers waits for them; without
 * reviewers it is approved at once. One rejection rejects; approval needs every reviewer (`all`) or the
 * first one (`any`), per SCRIPT_REVIEW_MODE.
 */
export const SCRIPT_STATUSES = ['PENDING_APPROVE', 'APPROVED', 'REJECTED'] as const
export type ScriptStatus = (typeof SCRIPT_STATUSES)[number]
export type ReviewMode = 'all' | 'any'
export type ReviewDecision = 'pending' | 'approved' | 'rejected'

export type ReviewEvent =
  | { type: 'submit'; reviewerCount: number }
  | { type: 'approve'; decisions: ReviewDecision[]; mode: ReviewMode }
  | { type: 'reject' }

export type ReviewOutcome = { ok: true; status: ScriptStatus } | { ok: false; reason: string }

/**
 * Next status after an event. `decisions` are the reviewers' decisions of the current round *including*
 * the approval being applied. Deciding is only possible while the script waits for review.
 */
export function reviewTransition(current: ScriptStatus, event: ReviewEvent): ReviewOutcome {
  switch (event.type) {
    case 'submit':
      return { ok: true, status: event.reviewerCount > 0 ? 'PENDING_APPROVE' : 'APPROVED' }
    case 'approve': {
      if (current !== 'PENDING_APPROVE')
        return { ok: false, reason: `the script is ${current}, not waiting for review` }
      const approved = event.decisions.filter((d) => d === 'approved').length
      const done = event.mode === 'any' ? approved >= 1 : approved === event.decisions.length
      return { ok: true, status: done ? 'APPROVED' : 'PENDING_APPROVE' }
    }
    case 'reject':
      if (current !== 'PENDING_APPROVE')
        return { ok: false, reason: `the script is ${current}, not waiting for review` }
      return { ok: true, status: 'REJECTED' }
  }
}

/** Whether a reviewer with this decision may still decide on the current round. */
export function canDecide(status: ScriptStatus, own: ReviewDecision): boolean {
  return status === 'PENDING_APPROVE' && own === 'pending'
}
