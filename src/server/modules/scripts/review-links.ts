import { DomainError } from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'

/** Why a review link is refused; the review page shows a clear message per code. */
export class ReviewLinkError extends DomainError {
  constructor(
    status: number,
    code: 'LINK_INVALID' | 'LINK_EXPIRED' | 'LINK_USED' | 'LINK_WRONG_USER' | 'LINK_SUPERSEDED',
    message: string,
  ) {
    super(message, status, code, 'COC.00040701')
  }
}

const payload = (linkId: string, reviewerId: string, expiresAtMs: number) =>
  `review-link:${linkId}:${reviewerId}:${expiresAtMs}`

/**
 * Token `<link id>.<expiry ms, base 36>.<HMAC-SHA256>`. The MAC covers the link id, the reviewer it is bound
 * to and the expiry, so none can be changed; the database row makes it single-use and revocable.
 */
export function signReviewLink(keyring: Keyring, linkId: string, reviewerId: string, expiresAt: Date): string {
  const exp = expiresAt.getTime()
  return `${linkId}.${exp.toString(36)}.${keyring.sign(payload(linkId, reviewerId, exp))}`
}

export function parseReviewLink(token: string): { linkId: string; expiresAtMs: number; mac: string } | null {
  const m = /^([0-9a-f-]{36})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{20,})$/.exec(token)
  if (!m) return null
  return { linkId: m[1], expiresAtMs: parseInt(m[2], 36), mac: m[3] }
}

export function verifyReviewLink(
  keyring: Keyring,
  parsed: { linkId: string; expiresAtMs: number; mac: string },
  reviewerId: string,
): boolean {
  return keyring.verify(payload(parsed.linkId, reviewerId, parsed.expiresAtMs), parsed.mac)
}
