import { BkCommonSchema, BkEnvelopeSchema, BkErrorBodySchema, bkJobPath } from '../../../contract/bk-job'
import type { BkApiDoc } from '../../lib/bk-api-docs'
import { z } from 'zod'
import { AGENT_SN_HEADER, AGENT_WS_PATH } from '../../../contract/agents'
import { StoredFileSchema } from '../../../contract/files'
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
  agent: {
    type: 'http',
    scheme: 'bearer',
    description: `Agents: their own secret with the ${AGENT_SN_HEADER} header, or an enrollment token (a new agent)`,
  },
  bkApp: {
    type: 'apiKey',
    in: 'query',
    name: 'bk_app_secret',
    description: 'BlueKing app: bk_app_code, bk_app_secret and bk_username in the query (GET) or the JSON body (POST)',
  },
  signedLink: {
    type: 'apiKey',
    in: 'query',
    name: 'sig',
    description: 'A short-lived link the console signed for one agent (with `sn` and `exp`), from a push command',
  },
}

const consoleError = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: ERROR_SCHEMA.console } } },
})
const linkParameters = ['sn', 'exp', 'sig'].map((name) => ({
  name,
  in: 'query',
  required: true,
  schema: { type: 'string' },
}))
const pathParameter = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } })

/**
 * The agents' side, served outside the contract's JSON routes (a WebSocket upgrade, byte streams): documented
 * here by hand. A test checks that every route the BFF serves is in the document.
 */
function agentOperations(toJson: (s: z.ZodType) => unknown) {
  return {
    [AGENT_WS_PATH]: {
      get: {
        summary: 'Agent WebSocket: JSON frames of the agent protocol (src/contract/agents.ts) after the upgrade',
        'x-access': 'agent',
        security: [{ agent: [] }],
        parameters: [{ name: AGENT_SN_HEADER, in: 'header', required: false, schema: { type: 'string' } }],
        responses: {
          101: { description: 'Switching protocols; the agent sends its hello frame' },
          400: consoleError('Not a WebSocket upgrade, or a malformed agent_sn'),
          401: consoleError('No valid agent credential or enrollment token'),
          500: consoleError('Internal error (no details)'),
        },
      },
    },
    '/api/files/{fileId}/content': {
      get: {
        summary: 'Download a stored file by the signed link of a push command (agents)',
        'x-access': 'signed-link',
        security: [{ signedLink: [], agent: [] }],
        parameters: [pathParameter('fileId'), ...linkParameters],
        responses: {
          200: {
            description: 'The bytes; X-Content-SHA256 names their digest',
            content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
          },
          403: consoleError('Missing, bad or expired link, or not the agent it was made for'),
          400: consoleError('Invalid parameters'),
          404: consoleError('Not found'),
          500: consoleError('Internal error (no details)'),
        },
      },
    },
    '/api/files/fetched/{orderId}': {
      put: {
        summary: "Upload a push's source file into its ticket by the signed link of the fetch command (agents)",
        'x-access': 'signed-link',
        security: [{ signedLink: [], agent: [] }],
        parameters: [
          pathParameter('orderId'),
          { name: 'name', in: 'query', required: true, schema: { type: 'string' } },
          ...linkParameters,
        ],
        requestBody: { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        responses: {
          201: { description: 'Stored', content: { 'application/json': { schema: toJson(StoredFileSchema) } } },
          400: consoleError('Invalid order id or file name'),
          403: consoleError('Missing, bad or expired link, or not the agent it was made for'),
          404: consoleError('Not found'),
          413: consoleError('Over FILE_MAX_MB'),
          500: consoleError('Internal error (no details)'),
        },
      },
    },
  }
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

/**
 * The BlueKing job APIs (`/api/c/compapi/v2/job/<api>/`, GET and POST with the same parameters). As on ESB,
 * refusals answer HTTP 200 with `result: false` and a BlueKing code; only rate limits and crashes are not 200.
 */
function bkOperations(apis: BkApiDoc[], toJson: (s: z.ZodType) => unknown) {
  const bkError = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: ERROR_SCHEMA.bk } } },
  })
  const responses = {
    200: {
      description: 'The BlueKing envelope: `result: true` with data, or `result: false` with the refusal',
      content: {
        'application/json': {
          schema: { oneOf: [toJson(BkEnvelopeSchema(z.unknown())), { $ref: ERROR_SCHEMA.bk }] },
        },
      },
    },
    429: bkError('Too many calls'),
    500: bkError('Internal error (no details)'),
  }
  const paths: Record<string, Record<string, unknown>> = {}
  for (const api of apis) {
    const params = BkCommonSchema.and(api.params)
    const summary = `BlueKing ${api.path?.includes('/cc/') ? 'CMDB' : 'job'} API ${api.name}`
    const base = { summary, 'x-access': 'bk-app', 'x-error-style': 'bk', security: [{ bkApp: [] }], responses }
    const shape: Record<string, z.ZodType> = {
      ...BkCommonSchema.shape,
      ...((api.params as z.ZodObject).shape ?? {}),
    }
    paths[api.path ?? bkJobPath(api.name)] = {
      get: {
        ...base,
        parameters: Object.keys(shape).map((name) => ({ name, in: 'query', schema: toJson(shape[name]) })),
      },
      post: { ...base, requestBody: { content: { 'application/json': { schema: toJson(params) } } } },
    }
  }
  return paths
}

/** OpenAPI 3.1 document generated from the contract, so it cannot drift from what the BFF serves. */
export function buildOpenApi(
  routes: RouteDef[],
  onUnrepresentable: (err: unknown) => void = () => {},
  bkApis: BkApiDoc[] = [],
) {
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
  Object.assign(
    paths,
    agentOperations((s) => toJson(s)),
    bkOperations(bkApis, (s) => toJson(s)),
  )
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
