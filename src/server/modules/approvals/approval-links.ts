import type { Keyring } from '../../lib/keyring'

const payload = (linkId: string, userId: string, exp: number) => `approval-link:${linkId}:${userId}:${exp}`

/**
 * Token `<link id>.<expiry ms, base 36>.<HMAC>` as review links have, under its own MAC prefix so a review
 * link can never pass as an approval link. The MAC binds the approver; the row makes it single-use.
 */
export function signApprovalLink(keyring: Keyring, linkId: string, userId: string, expiresAt: Date): string {
  const exp = expiresAt.getTime()
  return `${linkId}.${exp.toString(36)}.${keyring.sign(payload(linkId, userId, exp))}`
}

export function parseApprovalLink(token: string): { linkId: string; expiresAtMs: number; mac: string } | null {
  const m = /^([0-9a-f-]{36})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{20,})$/.exec(token)
  if (!m) return null
  return { linkId: m[1]!, expiresAtMs: parseInt(m[2]!, 36), mac: m[3]! }
}

export function verifyApprovalLink(
  keyring: Keyring,
  parsed: { linkId: string; expiresAtMs: number; mac: string },
  userId: string,
): boolean {
  return keyring.verify(payload(parsed.linkId, userId, parsed.expiresAtMs), parsed.mac)
}
