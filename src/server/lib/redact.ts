/** Keys whose values are secrets wherever they appear (audit snapshots, log objects). */
const SECRET_KEY = /pass(word)?|secret|token|^sk$|secret_?key|credential|private_?key|authorization|cookie/i
export const MASK = '******'

/**
 * Deep copy with secrets masked: every key matching SECRET_KEY, and every object flagged
 * `{ sensitive: true }` / `{ is_sensitive: true }` has its `value`/`param_value` masked (script params).
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets)
  if (value === null || typeof value !== 'object') return value
  const obj = value as Record<string, unknown>
  const isSensitive = obj.sensitive === true || obj.is_sensitive === true || obj.sensitive === 'true'
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(obj)) {
    if (SECRET_KEY.test(k) && v !== null && v !== undefined && typeof v !== 'boolean') out[k] = MASK
    else if (isSensitive && (k === 'value' || k === 'param_value') && v !== null && v !== undefined) out[k] = MASK
    else out[k] = redactSecrets(v)
  }
  return out
}

/** Paths pino must censor: credentials in headers of requests and responses. */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-auth-token"]',
  'req.headers["x-csrf-token"]',
  'req.headers["x-security-token"]',
  'res.headers["set-cookie"]',
  'res.headers["x-subject-token"]',
  '*.password',
  '*.secretKey',
  '*.token',
]

/** Review-link tokens travel in the path (`/review/<token>`, `/api/review-links/<token>[/decision]`). */
const REVIEW_TOKEN_IN_PATH = /(\/review(?:-links)?\/)([^/?#]+)/g

/** Secrets that travel in query strings: BlueKing GET calls' app secret and login token, signed file links. */
const SECRET_IN_QUERY = /([?&](?:bk_app_secret|bk_token|sig)=)[^&#]*/gi

/**
 * A URL fit for logs: a review-link token keeps only its first 6 characters, enough to correlate; query-string
 * secrets (bk_app_secret, bk_token, a file link's sig) are masked.
 */
export function redactUrl(url: string): string {
  return url
    .replace(REVIEW_TOKEN_IN_PATH, (_m, prefix: string, token: string) => `${prefix}${token.slice(0, 6)}…`)
    .replace(SECRET_IN_QUERY, `$1${MASK}`)
}

/** pino serializers for Fastify's request log lines: Fastify's own fields, with the URL redacted. */
export const LOG_SERIALIZERS = {
  req: (req: { method: string; url: string; hostname?: string; ip?: string; socket?: { remotePort?: number } }) => ({
    method: req.method,
    url: redactUrl(req.url),
    host: req.hostname,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }),
}
