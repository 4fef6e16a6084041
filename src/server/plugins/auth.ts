import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { hasPermission } from '../../contract/identity'
import type { RouteAccess } from '../../contract/http'
import { ForbiddenError, UnauthenticatedError } from '../lib/errors'
import type { Principal } from '../lib/principal'
import type { AuthService } from '../modules/identity/auth.service'

export const SESSION_COOKIE = 'oc_session'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal
    /** The body exactly as received; AK/SK signatures cover it. */
    rawBody?: string
  }
  interface FastifyContextConfig {
    access?: RouteAccess
    errorStyle?: 'console' | 'coc' | 'coc-envelope'
  }
}

/**
 * Resolves the caller from, in order: `X-Auth-Token` (IAM token), an `SDK-HMAC-SHA256` Authorization header
 * (AK/SK), the session cookie. Cookie-authenticated mutations must carry the session's CSRF token.
 */
export async function authenticate(request: FastifyRequest, auth: AuthService): Promise<Principal> {
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
      body: request.rawBody ?? '',
    })
  }
  const cookie = request.cookies?.[SESSION_COOKIE]
  if (cookie) {
    const p = await auth.fromSessionCookie(cookie)
    if (!p) throw new UnauthenticatedError('Your session has expired; please log in again')
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== p.csrfToken) {
      throw new ForbiddenError('Missing or wrong CSRF token')
    }
    return p
  }
  throw new UnauthenticatedError('Authentication required: log in, or send X-Auth-Token or an AK/SK signature')
}

/**
 * Checks each route's `config.access` before validation and the handler, so a caller without credentials gets 401,
 * never a hint from a 400.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { auth: AuthService }) => {
    // Keep the raw JSON text for signature checks, then parse it as Fastify would.
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 },
      (request, body, done) => {
        const text = body as string
        request.rawBody = text
        if (text.trim() === '') return done(null, undefined)
        try {
          done(null, JSON.parse(text))
        } catch {
          const err = new Error('Request body is not valid JSON') as Error & { statusCode: number; code: string }
          err.statusCode = 400
          err.code = 'FST_ERR_CTP_INVALID_JSON'
          done(err, undefined)
        }
      },
    )

    app.addHook('preValidation', async (request) => {
      const access = request.routeOptions.config?.access
      if (!access || access === 'public') return
      const principal = await authenticate(request, opts.auth)
      request.principal = principal
      if (!hasPermission(principal.role, access)) {
        throw new ForbiddenError(`Your role (${principal.role}) may not do this`)
      }
    })
  },
  { name: 'auth' },
)
