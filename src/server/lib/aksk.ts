import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/**
 * The `SDK-HMAC-SHA256` scheme of the official Huawei Cloud SDKs (core/auth/signer in the Go SDK).
 * The verifier rebuilds the canonical request from the SignedHeaders list the client sent, because the
 * Go and Node SDKs sign different header sets (research/coc-sdk.md §2.2).
 */
export const ALGORITHM = 'SDK-HMAC-SHA256'
/** How far X-Sdk-Date may be from our clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000

/** RFC 3986 unreserved characters stay, everything else is %XX (upper case), like the SDK's `escape`. */
function sdkEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

export function canonicalUri(path: string): string {
  const uri = path
    .split('/')
    .map((seg) => sdkEscape(safeDecode(seg)))
    .join('/')
  return uri.endsWith('/') ? uri : `${uri}/`
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

export function canonicalQuery(search: URLSearchParams): string {
  const byKey = new Map<string, string[]>()
  for (const [k, v] of search) {
    const key = k.toLowerCase()
    byKey.set(key, [...(byKey.get(key) ?? []), v])
  }
  return [...byKey.keys()]
    .sort()
    .flatMap((k) => (byKey.get(k) ?? []).sort().map((v) => `${sdkEscape(k)}=${sdkEscape(v)}`))
    .join('&')
}

export interface SignableRequest {
  method: string
  /** Path plus query, as sent (`/v1/resources?limit=10`). */
  url: string
  headers: Record<string, string | string[] | undefined>
  body: string | Buffer
}

function headerValues(headers: SignableRequest['headers'], name: string): string[] {
  const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === name)
  if (!entry || entry[1] === undefined) return []
  return Array.isArray(entry[1]) ? entry[1] : [entry[1]]
}

/** Hex SHA-256 of the body bytes exactly as received. */
export function bodyHash(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex')
}

/** What Go SDKs send as X-Sdk-Content-Sha256 for bodies that are not JSON (file uploads). */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'

/**
 * The payload hash of the canonical request, or why the request's hash claim is refused. The body's own
 * hash is used unless X-Sdk-Content-Sha256 is sent; that header is trusted only when it is signed and
 * equals the body's hash, or is UNSIGNED-PAYLOAD on a request that carries no JSON body (issue 13 #3:
 * an unsigned or unchecked header let a captured signature carry any body).
 */
export function payloadHashOf(
  req: SignableRequest,
  signedHeaders: string[],
): { hash: string; error?: undefined } | { error: string } {
  const actual = bodyHash(req.body)
  const claimed = headerValues(req.headers, 'x-sdk-content-sha256')
  if (claimed.length === 0) return { hash: actual }
  if (claimed.length > 1) return { error: 'X-Sdk-Content-Sha256 must be sent once' }
  if (!signedHeaders.includes('x-sdk-content-sha256')) return { error: 'X-Sdk-Content-Sha256 must be signed' }
  const value = claimed[0].trim()
  if (value === UNSIGNED_PAYLOAD) {
    const type = headerValues(req.headers, 'content-type')[0] ?? ''
    const hasBody = Buffer.byteLength(req.body) > 0
    if (hasBody && (type === '' || /json/i.test(type)))
      return { error: 'UNSIGNED-PAYLOAD is not accepted for JSON bodies' }
    return { hash: UNSIGNED_PAYLOAD }
  }
  if (value.toLowerCase() !== actual) return { error: 'X-Sdk-Content-Sha256 does not match the body' }
  return { hash: value }
}

/** The canonical request over the given signed headers; `payloadHash` defaults to the body's hash. */
export function canonicalRequest(
  req: SignableRequest,
  signedHeaders: string[],
  payloadHash = bodyHash(req.body),
): string {
  const url = new URL(req.url, 'http://x')
  const headerLines = signedHeaders.flatMap((h) =>
    headerValues(req.headers, h)
      .sort()
      .map((v) => `${h}:${v.trim()}`),
  )
  return [
    req.method.toUpperCase(),
    canonicalUri(url.pathname),
    canonicalQuery(url.searchParams),
    `${headerLines.join('\n')}\n`,
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n')
}

export function stringToSign(canonical: string, sdkDate: string): string {
  return `${ALGORITHM}\n${sdkDate}\n${createHash('sha256').update(canonical).digest('hex')}`
}

export function formatSdkDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

export function parseSdkDate(s: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s)
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null
}

/**
 * Signs like the Node SDK (host and content-type included); used by tests, bench and CLI clients. A given
 * X-Sdk-Content-Sha256 header is signed and used as the payload hash, as the Go SDK does.
 */
export function signRequest(req: SignableRequest, ak: string, sk: string, now = new Date()): Record<string, string> {
  const sdkDate = formatSdkDate(now)
  const headers: Record<string, string | string[] | undefined> = { ...req.headers, 'X-Sdk-Date': sdkDate }
  const signed = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .filter((h) => !h.includes('_'))
    .sort()
  const claimed = headerValues(headers, 'x-sdk-content-sha256')[0]
  const signature = createHmac('sha256', sk)
    .update(stringToSign(canonicalRequest({ ...req, headers }, signed, claimed ?? bodyHash(req.body)), sdkDate))
    .digest('hex')
  return {
    'X-Sdk-Date': sdkDate,
    Authorization: `${ALGORITHM} Access=${ak}, SignedHeaders=${signed.join(';')}, Signature=${signature}`,
  }
}

export interface ParsedAuthorization {
  accessKey: string
  signedHeaders: string[]
  signature: string
}

export function parseAuthorization(value: string): ParsedAuthorization | null {
  if (!value.startsWith(`${ALGORITHM} `)) return null
  const parts = Object.fromEntries(
    value
      .slice(ALGORITHM.length + 1)
      .split(',')
      .map((p) => {
        const i = p.indexOf('=')
        return [p.slice(0, i).trim(), p.slice(i + 1).trim()]
      }),
  )
  if (!parts.Access || !parts.SignedHeaders || !parts.Signature) return null
  return { accessKey: parts.Access, signedHeaders: parts.SignedHeaders.split(';'), signature: parts.Signature }
}

/** Why a signature was refused, or null when it holds. */
export function verifySignature(
  req: SignableRequest,
  parsed: ParsedAuthorization,
  sk: string,
  now = new Date(),
): string | null {
  const sdkDate = headerValues(req.headers, 'x-sdk-date')[0]
  const date = sdkDate ? parseSdkDate(sdkDate) : null
  if (!sdkDate || !date) return 'X-Sdk-Date header missing or malformed'
  if (Math.abs(now.getTime() - date.getTime()) > MAX_SKEW_MS) return 'X-Sdk-Date is too far from the server time'
  if (!parsed.signedHeaders.includes('x-sdk-date')) return 'X-Sdk-Date must be signed'
  const payload = payloadHashOf(req, parsed.signedHeaders)
  if (payload.error !== undefined) return payload.error
  const expected = createHmac('sha256', sk)
    .update(stringToSign(canonicalRequest(req, parsed.signedHeaders, payload.hash), sdkDate))
    .digest('hex')
  const a = Buffer.from(expected)
  const b = Buffer.from(parsed.signature.toLowerCase())
  return a.length === b.length && timingSafeEqual(a, b) ? null : 'signature mismatch'
}
