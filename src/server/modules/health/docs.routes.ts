import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { allRoutes } from '../../../contract'
import { bkApiDocs } from '../../lib/bk-api-docs'
import { buildOpenApi } from './openapi'

/** The Swagger UI files served under /api/docs/ui/ (nothing else from the package). */
const UI_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
}

// No inline script or style of our own, so the page works under a `script-src 'self'` CSP.
const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Ops Console API</title>
<link rel="stylesheet" href="/api/docs/ui/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/ui/swagger-ui-bundle.js"></script>
<script src="/api/docs/ui/init.js"></script></body>
</html>
`
const INIT = "window.ui = SwaggerUIBundle({ url: '/api/docs/openapi.json', dom_id: '#swagger-ui' })\n"

/**
 * `GET /api/docs`: the OpenAPI document (JSON), or the browsable Swagger UI when a browser asks for HTML;
 * `GET /api/docs/openapi.json` always the document.
 */
export function registerDocsRoutes(app: FastifyInstance) {
  let doc: ReturnType<typeof buildOpenApi> | undefined
  const openApi = () =>
    (doc ??= buildOpenApi(
      allRoutes,
      (err) => app.log.warn({ err }, 'a contract schema has no JSON Schema form'),
      bkApiDocs(app),
    ))
  const uiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  const access = { config: { access: 'public' as const } }
  app.get('/api/docs', access, async (request, reply) => {
    if (!request.headers.accept?.includes('text/html')) return openApi()
    return reply.type('text/html; charset=utf-8').send(PAGE)
  })
  app.get('/api/docs/openapi.json', access, async () => openApi())
  app.get('/api/docs/ui/init.js', access, async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').send(INIT),
  )
  app.get<{ Params: { file: string } }>('/api/docs/ui/:file', access, async (request, reply) => {
    const type = UI_FILES[request.params.file]
    if (!type) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No such file' } })
    return reply.type(type).send(readFileSync(path.join(uiDir, request.params.file)))
  })
}
