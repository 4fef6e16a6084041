import type { IncomingMessage, ServerResponse } from 'node:http'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import helmet from 'helmet'
import type { Config } from '../config'
import { RateLimitedError } from '../lib/errors'
import { pgRateLimitStore } from '../modules/security/pg-rate-limit-store'
import type { SecurityRepository } from '../modules/security/security.repository'

/**
 * Headers on every page and API response (issue 13 #8). The SPA is one module script from 'self' and no
 * inline script; antd's CSS-in-JS injects <style> elements at run time, hence 'unsafe-inline' for styles
 * only. No framing at all (frame-ancestors + X-Frame-Options), and no Referer: review links carry their
 * token in the path.
 *
 * helmet computes the headers once, here: @fastify/helmet rebuilt helmet's middleware (parsing the CSP
 * directives) on every request, which was the largest single cost of a small API call such as an alarm post.
 */
export function securityHeaders(config: Pick<Config, 'secureCookies'>): Record<string, string> {
  const headers: Record<string, string> = {}
  const res = {
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = value
    },
    removeHeader: () => {},
  }
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS only where the console is served over HTTPS (SECURE_COOKIES=1); on plain HTTP it means nothing.
    strictTransportSecurity: config.secureCookies ? { maxAge: 15552000, includeSubDomains: true } : false,
    // The console loads nothing cross-origin, but COEP would break nothing only until it does.
    crossOriginEmbedderPolicy: false,
  })({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err
  })
  return headers
}

export async function registerSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'secureCookies'>) {
  const headers = securityHeaders(config)
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers)
    done()
  })
}

/**
 * The general API rate limit: API_RATE_LIMIT_MAX requests per client IP per API_RATE_LIMIT_WINDOW_SEC
 * (generous by default; 0 turns it off), counted in PostgreSQL for all replicas. Login attempts have
 * their own, much stricter limit in AuthService.
 */
export async function registerApiRateLimit(
  app: FastifyInstance,
  security: SecurityRepository,
  config: Pick<Config, 'apiRateLimitMax' | 'apiRateLimitWindowSec'>,
) {
  if (!(config.apiRateLimitMax > 0)) return
  const windowMs = config.apiRateLimitWindowSec * 1000
  const store = pgRateLimitStore(security, windowMs)
  app.decorate('apiRateLimitStore', store)
  app.addHook('onClose', async () => store.stop())
  await app.register(rateLimit, {
    global: true,
    max: config.apiRateLimitMax,
    timeWindow: windowMs,
    store: store.Store,
    // Thrown through the app's error handler, so each route family gets its own 429 body.
    errorResponseBuilder: (_request, context) => new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000))),
  })
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Present when the API rate limit is on; tests flush it to see the shared counts. */
    apiRateLimitStore?: ReturnType<typeof pgRateLimitStore>
  }
}
