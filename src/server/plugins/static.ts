import { existsSync } from 'node:fs'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

/** API prefixes that never fall back to the SPA. */
export const API_PREFIXES = ['/api', '/v1', '/v3', '/event', '/healthz']

export function isApiPath(url: string) {
  return API_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`))
}

/**
 * Serves the built SPA, brotli or gzip as the browser accepts (files compressed once at build). Hashed assets get a year of caching; index.html is never cached, and any other GET
 * that wants HTML gets it (history fallback), so deep links like /tickets/SCT… work on reload.
 */
export const staticPlugin = fp(
  async (app: FastifyInstance, opts: { root: string }) => {
    if (!existsSync(`${opts.root}/index.html`)) {
      app.log.warn({ root: opts.root }, 'SPA build not found; run `npm run build` (npm start does it for you)')
      return
    }
    await app.register(fastifyStatic, {
      root: opts.root,
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each asset: sent to browsers that accept them, with Vary.
      preCompressed: true,
      setHeaders: (res, filePath) => {
        res.header('Cache-Control', filePath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
    app.decorate('spaFallback', (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method !== 'GET' || isApiPath(request.url)) return false
      reply.header('Cache-Control', 'no-cache')
      void reply.sendFile('index.html')
      return true
    })
  },
  { name: 'static' },
)

declare module 'fastify' {
  interface FastifyInstance {
    spaFallback?: (request: FastifyRequest, reply: FastifyReply) => boolean
  }
}
