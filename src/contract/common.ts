import { z } from 'zod'

/** Console ids are UUIDs (v4 or v7). */
export const IdSchema = z.string().uuid()
/** ISO-8601 timestamp string on console endpoints (COC endpoints use epoch milliseconds). */
export const TimestampSchema = z.string()

export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
})
export type PageQuery = z.infer<typeof PageQuerySchema>

export const OkSchema = z.object({ ok: z.literal(true) })

export const LocaleSchema = z.enum(['zh-CN', 'en-US'])
export type Locale = z.infer<typeof LocaleSchema>

/** `yyyyMMddHHmmss` in UTC, the time part of the COC identifiers (script, ticket, incident, war room). */
export function utcStamp(now: Date): string {
  return now.toISOString().replace(/\D/g, '').slice(0, 14)
}
