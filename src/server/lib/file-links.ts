import type { Keyring } from './keyring'

/** How long an agent has to start a download after its push command was built. */
export const FILE_LINK_TTL_MS = 15 * 60 * 1000

const payload = (fileId: string, sn: string, exp: number) => `file-download:${fileId}:${sn}:${exp}`

/**
 * A short-lived signed path for one agent to download one stored file: `/api/files/<id>/content?sn=…&exp=…&sig=…`
 * (HMAC of the file, the agent and the expiry with the console's key). Relative: the agent joins it to the
 * server URL it connected to.
 */
export function fileLink(keyring: Keyring, fileId: string, agentSn: string, now = Date.now()): string {
  const exp = Math.floor((now + FILE_LINK_TTL_MS) / 1000)
  const sig = keyring.sign(payload(fileId, agentSn, exp))
  return `/api/files/${fileId}/content?${new URLSearchParams({ sn: agentSn, exp: String(exp), sig })}`
}

/** Why a download link does not hold, or undefined when it does. */
export function fileLinkProblem(
  keyring: Keyring,
  fileId: string,
  q: { sn?: string; exp?: string; sig?: string },
  now = Date.now(),
): string | undefined {
  const exp = Number(q.exp)
  if (!q.sn || !q.sig || !Number.isInteger(exp)) return 'missing link parameters'
  if (!keyring.verify(payload(fileId, q.sn, exp), q.sig)) return 'bad signature'
  if (exp * 1000 < now) return 'the link has expired'
  return undefined
}

const uploadPayload = (orderId: number, sn: string, exp: number) => `file-upload:${orderId}:${sn}:${exp}`

/** A signed path for a push's source host to upload its files into the ticket: `/api/files/fetched/<order>?…`. */
export function fetchLink(keyring: Keyring, orderId: number, agentSn: string, ttlMs: number, now = Date.now()): string {
  const exp = Math.floor((now + ttlMs) / 1000)
  const sig = keyring.sign(uploadPayload(orderId, agentSn, exp))
  return `/api/files/fetched/${orderId}?${new URLSearchParams({ sn: agentSn, exp: String(exp), sig })}`
}

/** Why an upload link does not hold, or undefined when it does. */
export function fetchLinkProblem(
  keyring: Keyring,
  orderId: number,
  q: { sn?: string; exp?: string; sig?: string },
  now = Date.now(),
): string | undefined {
  const exp = Number(q.exp)
  if (!q.sn || !q.sig || !Number.isInteger(exp)) return 'missing link parameters'
  if (!keyring.verify(uploadPayload(orderId, q.sn, exp), q.sig)) return 'bad signature'
  if (exp * 1000 < now) return 'the link has expired'
  return undefined
}
