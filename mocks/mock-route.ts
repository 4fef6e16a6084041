import { http, HttpResponse } from 'msw'
import type { z } from 'zod'
import type { RouteDef } from '../src/contract/http'
import { type RefusalPhrase, renderRefusal } from '../src/contract/refusal-text'

/**
 * Thrown by a mock resolver to answer with an error body in the route's style. Given a refusal phrase (the
 * BFF's, from the contract table), the message is its English rendering and console bodies carry the phrase.
 */
export class MockError extends Error {
  readonly phrase?: RefusalPhrase
  constructor(
    readonly status: number,
    readonly code: string,
    said: string | RefusalPhrase,
    readonly details?: { path: string; message: string }[],
  ) {
    super(typeof said === 'string' ? said : renderRefusal(said, 'en-US'))
    if (typeof said !== 'string') this.phrase = said
  }
}

type Out<T> = [NonNullable<T>] extends [z.ZodType] ? z.output<NonNullable<T>> : undefined

export interface MockArgs<D extends RouteDef> {
  params: Out<D['params']>
  query: Out<D['query']>
  body: Out<D['body']>
  request: Request
}

function errorBody(
  route: RouteDef,
  code: string,
  message: string,
  details?: { path: string; message: string }[],
  phrase?: RefusalPhrase,
) {
  if (route.errorStyle === 'console')
    return { error: { code, message, ...(details ? { details } : {}), ...(phrase ? { phrase } : {}) } }
  // COC's error_msg is at most 512 characters, as the BFF writes it.
  const msg = message.length > 512 ? `${message.slice(0, 511)}…` : message
  if (route.errorStyle === 'coc-envelope') return { provider_code: '049', error_code: code, error_msg: msg, data: null }
  return { error_code: code, error_msg: msg }
}

function queryObject(url: URL) {
  const out: Record<string, string | string[]> = {}
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key)
    out[key] = all.length > 1 ? all : all[0]
  }
  return out
}

function check<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string) {
  if (!schema) return { ok: true as const, value: undefined }
  const r = schema.safeParse(value)
  if (r.success) return { ok: true as const, value: r.data }
  return {
    ok: false as const,
    details: r.error.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message })),
  }
}

/**
 * An MSW handler from a contract route: validates params/query/body with the route's schemas (400 in the
 * route's error style when they fail) and parses every answer with the response schema, so mocks cannot drift.
 */
export function mockRoute<D extends RouteDef>(
  route: D,
  resolve: (args: MockArgs<D>) => z.input<D['response']> | Promise<z.input<D['response']>>,
) {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'
  return http[method](route.path, async ({ request, params }) => {
    const url = new URL(request.url)
    const text = route.body ? await request.text() : ''
    let json: unknown
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      return HttpResponse.json(errorBody(route, 'VALIDATION', 'Request body is not valid JSON'), { status: 400 })
    }
    const p = check(route.params, params, 'params')
    const q = check(route.query, queryObject(url), 'query')
    const b = check(route.body, json, 'body')
    const details = [p, q, b].flatMap((r) => (r.ok ? [] : r.details))
    if (details.length) {
      const code = route.errorStyle === 'console' ? 'VALIDATION' : 'COC.00040701'
      return HttpResponse.json(
        errorBody(route, code, details.map((d) => `${d.path} ${d.message}`).join('; '), details),
        { status: 400 },
      )
    }
    try {
      const result = await resolve({ params: p.value, query: q.value, body: b.value, request } as MockArgs<D>)
      return HttpResponse.json(route.response.parse(result) as never, { status: route.status ?? 200 })
    } catch (err) {
      if (err instanceof MockError)
        return HttpResponse.json(errorBody(route, err.code, err.message, err.details, err.phrase), {
          status: err.status,
        })
      throw err
    }
  })
}
