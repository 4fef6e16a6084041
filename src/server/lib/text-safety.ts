/**
 * Input text PostgreSQL cannot store faithfully: NUL (text and jsonb refuse it, which surfaced as HTTP 500)
 * and lone UTF-16 surrogates (stored as U+FFFD, silently changing the data). Rejected at the edge instead.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Why `s` cannot be stored, or null. */
export function unsafeTextReason(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character'
  if (LONE_SURROGATE.test(s)) return 'contains a lone surrogate (invalid Unicode)'
  return null
}

/** The first unsafe string in a parsed JSON value or query object (keys included), as `path: reason`. */
export function findUnsafeText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') {
    const reason = unsafeTextReason(value)
    return reason ? `${path || 'value'} ${reason}` : null
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], `${path}[${i}]`)
      if (found) return found
    }
    return null
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const keyReason = unsafeTextReason(k)
      if (keyReason) return `a key of ${path || 'the body'} ${keyReason}`
      const found = findUnsafeText(v, path ? `${path}.${k}` : k)
      if (found) return found
    }
  }
  return null
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** Decodes UTF-8 strictly: invalid byte sequences throw instead of turning into U+FFFD. */
export function decodeUtf8Strict(bytes: Buffer): string | null {
  try {
    return UTF8.decode(bytes)
  } catch {
    return null
  }
}

/** Why a raw request URL is refused: invalid percent-encoded UTF-8, NUL or lone surrogates. */
export function unsafeUrlReason(url: string): string | null {
  let decoded: string
  try {
    // A stray `%` (not an escape) is left alone, as Fastify's query parser does; escapes must be UTF-8.
    decoded = decodeURIComponent(url.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'))
  } catch {
    return 'The URL is not valid percent-encoded UTF-8'
  }
  const reason = unsafeTextReason(decoded)
  return reason ? `The URL ${reason}` : null
}
