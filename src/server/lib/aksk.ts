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

export function canonicalRequest(req: SignableRequest, signedHeaders: string[]): string {
  const url = new URL(req.url, 'http://x')
  const payloadHash =
    headerValues(req.headers, 'x-sdk-content-sha256')[0] ?? createHash('sha256').update(req.body).digest('hex')
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

/** Signs like the Node SDK (host and content-type included); used by tests, bench and CLI clients. */
export function signRequest(req: SignableRequest, ak: string, sk: string, now = new Date()): Record<string, string> {
  const sdkDate = formatSdkDate(now)
  const headers: Record<string, string | string[] | undefined> = { ...req.headers, 'X-Sdk-Date': sdkDate }
  const signed = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .filter((h) => !h.includes('_'))
    .sort()
  const signature = createHmac('sha256', sk)
    .update(stringToSign(canonicalRequest({ ...req, headers }, signed), sdkDate))
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
  const expected = createHmac('sha256', sk)
    .update(stringToSign(canonicalRequest(req, parsed.signedHeaders), sdkDate))
    .digest('hex')
  const a = Buffer.from(expected)
  const b = Buffer.from(parsed.signature.toLowerCase())
  return a.length === b.length && timingSafeEqual(a, b) ? null : 'signature mismatch'
}
