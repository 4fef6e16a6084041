import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { allRoutes } from '../../../contract'
import type { RouteDef } from '../../../contract/http'

function jsonSchema(schema: z.ZodType | undefined) {
  if (!schema) return undefined
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
  } catch {
    return {}
  }
}

/** OpenAPI 3.1 document generated from the contract, so it cannot drift from what the BFF serves. */
export function buildOpenApi(routes: RouteDef[]) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
    const params = Object.keys((r.params as z.ZodObject | undefined)?.shape ?? {}).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }))
    const query = Object.entries((r.query as z.ZodObject | undefined)?.shape ?? {}).map(([name, s]) => ({
      name,
      in: 'query',
      schema: jsonSchema(s as z.ZodType),
    }))
    paths[path] ??= {}
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      'x-access': r.access,
      parameters: [...params, ...query],
      ...(r.body ? { requestBody: { content: { 'application/json': { schema: jsonSchema(r.body) } } } } : {}),
      responses: {
        [String(r.status ?? 200)]: {
          description: 'OK',
          content: { 'application/json': { schema: jsonSchema(r.response) } },
        },
      },
    }
  }
  return { openapi: '3.1.0', info: { title: 'Ops Console API', version: '1' }, paths }
}

export function registerDocsRoutes(app: FastifyInstance) {
  let doc: ReturnType<typeof buildOpenApi> | undefined
  app.get('/api/docs', { config: { access: 'public' } }, async () => (doc ??= buildOpenApi(allRoutes)))
}
