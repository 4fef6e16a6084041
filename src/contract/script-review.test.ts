import { describe, expect, it } from 'vitest'
import { canDecide, reviewTransition } from './script-review'

describe('script review state machine', () => {
  it('a submission with reviewers waits; without reviewers it is approved at once', () => {
    expect(reviewTransition('APPROVED', { type: 'submit', reviewerCount: 2 })).toEqual({
      ok: true,
      status: 'PENDING_APPROVE',
    })
    expect(reviewTransition('REJECTED', { type: 'submit', reviewerCount: 1 })).toEqual({
      ok: true,
      status: 'PENDING_APPROVE',
    })
    expect(reviewTransition('PENDING_APPROVE', { type: 'submit', reviewerCount: 0 })).toEqual({
      ok: true,
      status: 'APPROVED',
    })
  })

  it('mode all: approved only when every reviewer approved', () => {
    expect(
      reviewTransition('PENDING_APPROVE', { type: 'approve', decisions: ['approved', 'pending'], mode: 'all' }),
    ).toEqual({ ok: true, status: 'PENDING_APPROVE' })
    expect(
      reviewTransition('PENDING_APPROVE', { type: 'approve', decisions: ['approved', 'approved'], mode: 'all' }),
    ).toEqual({ ok: true, status: 'APPROVED' })
  })

  it('mode any: the first approval suffices', () => {
    expect(
      reviewTransition('PENDING_APPROVE', { type: 'approve', decisions: ['approved', 'pending'], mode: 'any' }),
    ).toEqual({ ok: true, status: 'APPROVED' })
  })

  it('one rejection rejects', () => {
    expect(reviewTransition('PENDING_APPROVE', { type: 'reject' })).toEqual({ ok: true, status: 'REJECTED' })
  })

  it('refuses decisions on scripts that do not wait for review', () => {
    for (const status of ['APPROVED', 'REJECTED'] as const) {
      expect(reviewTransition(status, { type: 'reject' }).ok).toBe(false)
      expect(reviewTransition(status, { type: 'approve', decisions: ['approved'], mode: 'all' }).ok).toBe(false)
    }
  })

  it('a reviewer decides once per round', () => {
    expect(canDecide('PENDING_APPROVE', 'pending')).toBe(true)
    expect(canDecide('PENDING_APPROVE', 'approved')).toBe(false)
    expect(canDecide('APPROVED', 'pending')).toBe(false)
  })
})
