import { BkErrorBodySchema } from '../../../contract/bk-job'
import { z } from 'zod'
import {
  CocEnvelopeErrorBodySchema,
  CocErrorBodySchema,
  ConsoleErrorBodySchema,
  type ErrorStyle,
  type RouteDef,
} from '../../../contract/http'

/** A schema the JSON Schema converter cannot express is documented as "any value"; say so rather than hide it. */
function jsonSchema(schema: z.ZodType | undefined, onUnrepresentable: (err: unknown) => void) {
  if (!schema) return undefined
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
  } catch (err) {
    onUnrepresentable(err)
    return {}
  }
}

const ERROR_SCHEMA: Record<ErrorStyle, string> = {
  console: '#/components/schemas/ConsoleError',
  coc: '#/components/schemas/CocError',
  'coc-envelope': '#/components/schemas/CocEnvelopeError',
  bk: '#/components/schemas/BkError',
}

/**
 * How callers authenticate (auth plugin): the console's session cookie (mutations also send the CSRF token the
 * session returned), an IAM token from `POST /v3/auth/tokens`, or an AK/SK signature as the COC SDKs make it.
 */
const SECURITY_SCHEMES = {
  session: { type: 'apiKey', in: 'cookie', name: 'oc_session', description: 'Console session (POST /api/session)' },
  csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'With the session, on every mutation' },
  iamToken: { type: 'apiKey', in: 'header', name: 'X-Auth-Token', description: 'IAM token (POST /v3/auth/tokens)' },
  akSk: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'AK/SK: `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` with X-Sdk-Date',
  },
}

function errorResponses(r: RouteDef) {
  const body = { content: { 'application/json': { schema: { $ref: ERROR_SCHEMA[r.errorStyle] } } } }
  const out: Record<string, unknown> = {
    400: { description: 'Invalid parameters, query or body', ...body },
    500: { description: 'Internal error (no details)', ...body },
  }
  if (r.access !== 'public') out[401] = { description: 'No or invalid credentials', ...body }
  if (r.access !== 'public' && r.access !== 'authenticated')
    out[403] = { description: `The role lacks \`${r.access}\` (or the CSRF token is wrong)`, ...body }
  if (r.params) out[404] = { description: 'Not found', ...body }
  if (r.method !== 'GET') out[409] = { description: 'Conflicts with the current state', ...body }
  return out
}

function security(r: RouteDef) {
  if (r.access === 'public') return []
  const session = r.method === 'GET' ? { session: [] } : { session: [], csrf: [] }
  return [session, { iamToken: [] }, { akSk: [] }]
}

/** OpenAPI 3.1 document generated from the contract, so it cannot drift from what the BFF serves. */
export function buildOpenApi(routes: RouteDef[], onUnrepresentable: (err: unknown) => void = () => {}) {
  const toJson = (s: z.ZodType | undefined) => jsonSchema(s, onUnrepresentable)
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
      schema: toJson(s as z.ZodType),
    }))
    paths[path] ??= {}
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      'x-access': r.access,
      security: security(r),
      parameters: [...params, ...query],
      ...(r.body ? { requestBody: { content: { 'application/json': { schema: toJson(r.body) } } } } : {}),
      responses: {
        [String(r.status ?? 200)]: {
          description: 'OK',
          content: { 'application/json': { schema: toJson(r.response) } },
        },
        ...errorResponses(r),
      },
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Ops Console API', version: '1' },
    paths,
    components: {
      securitySchemes: SECURITY_SCHEMES,
      schemas: {
        ConsoleError: toJson(ConsoleErrorBodySchema),
        CocError: toJson(CocErrorBodySchema),
        CocEnvelopeError: toJson(CocEnvelopeErrorBodySchema),
        BkError: toJson(BkErrorBodySchema),
      },
    },
  }
}
