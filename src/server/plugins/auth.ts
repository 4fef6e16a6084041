import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { hasPermission } from '../../contract/identity'
import type { RouteAccess } from '../../contract/http'
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../lib/errors'
import type { Principal } from '../lib/principal'
import { decodeUtf8Strict, findUnsafeText, unsafeUrlReason } from '../lib/text-safety'
import type { AuthService } from '../modules/identity/auth.service'
import { refusal } from '../../contract/refusal-text'

export const SESSION_COOKIE = 'oc_session'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal
    /** The body bytes exactly as received; AK/SK signatures cover them. */
    rawBody?: Buffer
  }
  interface FastifyContextConfig {
    access?: RouteAccess
    errorStyle?: 'console' | 'coc' | 'coc-envelope' | 'bk'
  }
}

/**
 * Resolves the caller from, in order: `X-Auth-Token` (IAM token), an `SDK-HMAC-SHA256` Authorization header
 * (AK/SK), the session cookie. Cookie-authenticated mutations must carry the session's CSRF token.
 */
export async function authenticate(request: FastifyRequest, auth: AuthService): Promise<Principal> {
  const principal = await resolvePrincipal(request, auth)
  // The project a client names (the SDK's X-Project-Id, an id or a name) must be one it may act in.
  const project = request.headers['x-project-id']
  if (project !== undefined) {
    const value = Array.isArray(project) ? project : [project]
    if (value.length !== 1 || value[0].trim() === '') throw new ForbiddenError('X-Project-Id must name one project')
    return auth.withProject(principal, value[0].trim())
  }
  return principal
}

async function resolvePrincipal(request: FastifyRequest, auth: AuthService): Promise<Principal> {
  const token = request.headers['x-auth-token']
  if (typeof token === 'string' && token) {
    const p = await auth.fromIamToken(token)
    if (!p) throw new UnauthenticatedError('The token is invalid or has expired')
    return p
  }
  const authorization = request.headers.authorization
  if (authorization?.startsWith('SDK-HMAC-SHA256')) {
    return auth.fromSignature(authorization, {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.rawBody ?? Buffer.alloc(0),
    })
  }
  const cookie = request.cookies?.[SESSION_COOKIE]
  if (cookie) {
    const p = await auth.fromSessionCookie(cookie)
    if (!p) throw new UnauthenticatedError(refusal('auth.session-expired'))
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== p.csrfToken) {
      throw new ForbiddenError(refusal('auth.csrf'))
    }
    return p
  }
  throw new UnauthenticatedError(refusal('auth.required-how'))
}

function badBody(message: string, code = 'FST_ERR_CTP_INVALID_BODY') {
  const err = new Error(message) as Error & { statusCode: number; code: string }
  err.statusCode = 400
  err.code = code
  return err
}

/**
 * Checks each route's `config.access` before validation and the handler, so a caller without credentials gets 401,
 * never a hint from a 400.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { auth: AuthService }) => {
    // Keep the raw bytes for signature checks (the hash must be of what was sent, not of a re-decoded
    // string), then decode strictly and parse: invalid UTF-8, NUL and lone surrogates are a 400 here
    // rather than a 500 or a silent U+FFFD in the database.
    const parseJson = (request: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => {
      request.rawBody = body
      const text = decodeUtf8Strict(body)
      if (text === null) return done(badBody('Request body is not valid UTF-8'))
      if (text.trim() === '') return done(null, undefined)
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        return done(badBody('Request body is not valid JSON', 'FST_ERR_CTP_INVALID_JSON'))
      }
      const unsafe = findUnsafeText(parsed)
      if (unsafe) return done(new ValidationError(`Invalid body: ${unsafe}`, [{ path: 'body', message: unsafe }]))
      done(null, parsed)
    }
    app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 }, parseJson)
    // Plain text is kept raw too, so a signed request cannot smuggle an unhashed body under another type.
    app.removeContentTypeParser('text/plain')
    app.addContentTypeParser('text/plain', { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 }, (request, body, done) => {
      request.rawBody = body as Buffer
      const text = decodeUtf8Strict(body as Buffer)
      if (text === null) return done(badBody('Request body is not valid UTF-8'))
      const unsafe = findUnsafeText(text, 'body')
      done(unsafe ? new ValidationError(`Invalid body: ${unsafe}`) : null, text)
    })

    // Paths and query strings (list filters) get the same treatment before anything reads them.
    app.addHook('onRequest', async (request) => {
      const reason = unsafeUrlReason(request.url)
      if (reason) throw new ValidationError(reason, [{ path: 'url', message: reason }])
    })

    app.addHook('preValidation', async (request) => {
      const access = request.routeOptions.config?.access
      if (!access || access === 'public') return
      const principal = await authenticate(request, opts.auth)
      request.principal = principal
      if (!hasPermission(principal.role, access)) {
        throw new ForbiddenError(refusal('auth.role-may-not', { role: principal.role }))
      }
    })
  },
  { name: 'auth' },
)
