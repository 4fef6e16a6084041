import { z } from 'zod'
import { RefusalPhraseSchema } from './refusal-text'
import type { Permission } from './permissions'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * Who may call a route. `public` needs no identity; any other value is a permission from
 * `PERMISSIONS` (see permissions.ts) that the caller's role must hold; `authenticated` only
 * needs a valid session, token or AK/SK signature.
 */
export type RouteAccess = 'public' | 'authenticated' | Permission

/**
 * How errors of a route are written. `console` → `{ error: { code, message, details } }` (all /api routes),
 * `coc` → `{ error_code, error_msg }` (COC family A and C, IAM), `coc-envelope` → `{ provider_code,
 * error_code, error_msg, data }` (COC family B: incidents, war rooms, events), `bk` → BlueKing's `{ result: false,
 * code, message, data: null, request_id }` (the job API under /api/c/compapi).
 */
export type ErrorStyle = 'console' | 'coc' | 'coc-envelope' | 'bk'

export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod
  /** Path with `:param` segments, shared verbatim by Fastify and MSW. */
  path: string
  params?: P
  query?: Q
  body?: B
  response: R
  /** HTTP status of a successful response (200 unless stated). */
  status?: number
  summary: string
  access: RouteAccess
  errorStyle: ErrorStyle
}

/** Declares one endpoint as data; the BFF, the SPA client and the MSW mocks all read it. */
export function defineRoute<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodType,
>(def: Omit<RouteDef<P, Q, B, R>, 'errorStyle'> & { errorStyle?: ErrorStyle }): RouteDef<P, Q, B, R> {
  const errorStyle = def.errorStyle ?? (def.path.startsWith('/api') ? 'console' : 'coc')
  return { ...def, errorStyle }
}

export type ParamsOf<D> = D extends RouteDef<infer P, z.ZodType, z.ZodType, z.ZodType> ? z.input<P> : never
export type QueryOf<D> = D extends RouteDef<z.ZodType, infer Q, z.ZodType, z.ZodType> ? z.input<Q> : never
export type BodyOf<D> = D extends RouteDef<z.ZodType, z.ZodType, infer B, z.ZodType> ? z.input<B> : never
export type ResponseOf<D> = D extends RouteDef<z.ZodType, z.ZodType, z.ZodType, infer R> ? z.output<R> : never

/** Console error body, used by every /api route. */
export const ConsoleErrorBodySchema = z.object({
  error: z.object({
    /** Stable machine code, e.g. `VALIDATION`, `NOT_FOUND`, `UNAUTHENTICATED`. */
    code: z.string(),
    message: z.string(),
    /**
     * Field-level details for validation errors: `{ path, message }[]`; when a refusal lists several problems,
     * each also carries its refusal `phrase` (see `phrase` below).
     */
    details: z
      .array(
        z.object({
          path: z.string(),
          message: z.string(),
          phrase: z
            .object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })
            .optional(),
        }),
      )
      .optional(),
    /**
     * The refusal as a phrase (`refusal-text.ts`), when the server has one: `message` is its English
     * rendering, and the SPA shows it in the reader's language.
     */
    phrase: RefusalPhraseSchema.optional(),
    requestId: z.string().optional(),
  }),
})
export type ConsoleErrorBody = z.infer<typeof ConsoleErrorBodySchema>

/**
 * Sent by the console SPA on every call. A COC-family error body (/v1, the SPA calls some of those routes)
 * then also carries the refusal's `phrase`, so the SPA can say it in the reader's language; COC clients never
 * send it and get the seed's body unchanged.
 */
export const CONSOLE_PHRASES_HEADER = 'x-console-phrases'

/** COC error body (family A/C and IAM): HTTP 4xx/5xx with the seed's keys. */
export const CocErrorBodySchema = z.object({
  error_code: z.string(),
  error_msg: z.string(),
  request_id: z.string().optional(),
})
export type CocErrorBody = z.infer<typeof CocErrorBodySchema>

/** COC family B envelope (incidents, war rooms, events); `error_code` "0" means success. */
export const CocEnvelopeErrorBodySchema = z.object({
  provider_code: z.string(),
  error_code: z.string(),
  error_msg: z.string(),
  data: z.unknown().optional(),
})

/** Console list page: items plus the total and the page asked for. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
}

/** Fills `:param` segments of a contract path. */
export function buildPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`missing path param ${name} for ${path}`)
    return encodeURIComponent(String(value))
  })
}
