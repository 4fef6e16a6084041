import type { z } from 'zod'
import { buildPath, CONSOLE_PHRASES_HEADER, type RouteDef } from '../contract/http'
import { sessionRoutes } from '../contract/identity'
import { type RefusalPhrase, RefusalPhraseSchema } from '../contract/refusal-text'

/** A non-2xx answer. `body` is the parsed error body when there is one (console or COC shape). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
    this.phrase = phraseOf(body)
    if (!this.phrase) this.phrases = detailPhrasesOf(body)
  }
  /** The server's refusal as a phrase (console bodies), to show in the reader's language; absent otherwise. */
  readonly phrase?: RefusalPhrase
  /** A refusal listing several problems: each one's phrase, when the SPA knows every one of them. */
  readonly phrases?: RefusalPhrase[]
}

function detailPhrasesOf(body: unknown): RefusalPhrase[] | undefined {
  const details = (body as { error?: { details?: { phrase?: unknown }[] } } | null)?.error?.details
  if (!Array.isArray(details) || details.length < 2) return undefined
  const parsed = details.map((d) => RefusalPhraseSchema.safeParse(d?.phrase))
  return parsed.every((p) => p.success) ? parsed.map((p) => p.data as RefusalPhrase) : undefined
}

/**
 * The refusal phrase of an error body, if it has one this SPA knows (a newer server may send others): in the
 * console body's `error`, or at the top of a COC body (sent because the SPA asks with CONSOLE_PHRASES_HEADER).
 */
function phraseOf(body: unknown): RefusalPhrase | undefined {
  const b = body as { error?: { phrase?: unknown }; phrase?: unknown } | null
  const p = b?.error?.phrase ?? b?.phrase
  if (p === undefined) return undefined
  const parsed = RefusalPhraseSchema.safeParse(p)
  return parsed.success ? parsed.data : undefined
}

let csrfToken = ''
let redirecting = false
/**
 * The session's CSRF token, sent on every mutation; set by the session queries. A new session re-arms the 401 redirect.
 */
export function setCsrfToken(token: string) {
  csrfToken = token
  if (token) redirecting = false
}

let onUnauthorized: (() => void) | undefined
/** Called on the first 401 from a non-session route (the shell sends the user to login), not once per failed call. */
export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn
}

type Input<T> = T extends z.ZodType ? z.input<T> : never
type CallArgs<D extends RouteDef> = {
  params?: Input<D['params']>
  query?: Input<D['query']>
  body?: Input<D['body']>
  /** A raw body (a file upload), sent as application/octet-stream instead of JSON. */
  raw?: Blob
  signal?: AbortSignal
}

function toSearch(query: Record<string, unknown> | undefined) {
  if (!query) return ''
  const sp = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    if (!Array.isArray(v)) sp.set(k, String(v))
    else for (const item of v) sp.append(k, String(item))
  }
  const s = sp.toString()
  return s ? `?${s}` : ''
}

/** Reads the message and code out of either error body shape (console `{error}` or COC `{error_code, error_msg}`). */
export function parseErrorBody(status: number, body: unknown): { code: string; message: string } {
  const b = body as { error?: { code?: unknown; message?: unknown }; error_code?: unknown; error_msg?: unknown } | null
  if (b?.error && typeof b.error === 'object') return { code: String(b.error.code), message: String(b.error.message) }
  if (b && typeof b.error_msg === 'string') return { code: String(b.error_code), message: b.error_msg }
  return { code: `HTTP_${status}`, message: typeof body === 'string' && body ? body : `Request failed (${status})` }
}

/** Calls a contract route: fills params, serialises the query, sends CSRF, parses the response with the contract. */
export async function call<D extends RouteDef>(route: D, args: CallArgs<D> = {}): Promise<z.output<D['response']>> {
  const url = new URL(
    buildPath(route.path, args.params as Record<string, string>) + toSearch(args.query as Record<string, unknown>),
    window.location.origin,
  )
  const headers: Record<string, string> = { accept: 'application/json', [CONSOLE_PHRASES_HEADER]: '1' }
  if (args.body !== undefined) headers['content-type'] = 'application/json'
  if (args.raw !== undefined) headers['content-type'] = 'application/octet-stream'
  if (route.method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  const res = await fetch(url, {
    method: route.method,
    headers,
    body: args.raw ?? (args.body === undefined ? undefined : JSON.stringify(args.body)),
    credentials: 'same-origin',
    signal: args.signal,
  })
  const text = await res.text()
  let json: unknown = text
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    // keep the text: a proxy's HTML error page, say
  }
  if (!res.ok) {
    const { code, message } = parseErrorBody(res.status, json)
    if (res.status === 401 && route.path !== sessionRoutes.me.path && !redirecting) {
      redirecting = true
      onUnauthorized?.()
    }
    throw new ApiError(res.status, code, message, json)
  }
  return route.response.parse(json) as z.output<D['response']>
}
