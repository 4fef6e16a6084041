import { z } from 'zod'
import { BkIdSchema, HostSchema } from './cmdb'
import { OkSchema, TimestampSchema } from './common'
import { defineRoute } from './http'
import { type RefusalPhrase, refusal, renderRefusal } from './refusal-text'

/**
 * Saved host queries of a business (BlueKing CMDB custom queries, "dynamic groups", seed 002
 * create_custom_query / search_custom_query / get_custom_query_detail / get_custom_query_data): a condition
 * over the business's hosts, evaluated whenever it is used, so the hosts follow the CMDB. The job API's
 * `custom_query_id` names them.
 */
export const CUSTOM_QUERY_OPERATORS = ['$eq', '$ne', '$neq', '$in', '$nin', '$regex'] as const
/** Fields a condition may test, per object (BlueKing names). */
export const CUSTOM_QUERY_FIELDS = {
  biz: ['bk_biz_id', 'bk_biz_name', 'default'],
  set: ['bk_set_id', 'bk_set_name'],
  module: ['bk_module_id', 'bk_module_name'],
  host: [
    'bk_host_id',
    'bk_host_name',
    'bk_host_innerip',
    'bk_host_outerip',
    'bk_cloud_id',
    'bk_os_type',
    'bk_os_name',
    'bk_agent_status',
  ],
} as const
export type CustomQueryObject = keyof typeof CUSTOM_QUERY_FIELDS

const ValueSchema = z.union([z.string().max(256), z.number(), z.boolean()])
export const CustomQueryConditionSchema = z.object({
  field: z.string().min(1).max(64),
  operator: z.enum(CUSTOM_QUERY_OPERATORS),
  value: z.union([ValueSchema, z.array(ValueSchema).max(200)]),
})
export const CustomQueryObjectConditionSchema = z.object({
  bk_obj_id: z.enum(['biz', 'set', 'module', 'host']),
  condition: z.array(CustomQueryConditionSchema).max(20).default([]),
  fields: z.array(z.string().max(64)).max(50).default([]),
})
/** BlueKing's `info`: conditions per object, all of which a host must meet. */
export const CustomQueryInfoSchema = z.object({
  condition: z.array(CustomQueryObjectConditionSchema).max(10).default([]),
})
export type CustomQueryInfo = z.infer<typeof CustomQueryInfoSchema>

/** What is wrong with a query's conditions (unknown fields, list operators without a list, bad patterns). */
export function customQueryProblems(info: CustomQueryInfo): RefusalPhrase[] {
  const out: RefusalPhrase[] = []
  info.condition.forEach((o, i) => {
    const known = CUSTOM_QUERY_FIELDS[o.bk_obj_id] as readonly string[]
    o.condition.forEach((c, j) => {
      const at = `condition[${i}].condition[${j}]`
      if (!known.includes(c.field))
        out.push(refusal('custom-query.no-field', { at, object: o.bk_obj_id, field: c.field, known: known.join(', ') }))
      const list = c.operator === '$in' || c.operator === '$nin'
      if (list !== Array.isArray(c.value))
        out.push(refusal(list ? 'custom-query.value-list' : 'custom-query.value-one', { at, operator: c.operator }))
      if (c.operator === '$regex') {
        try {
          new RegExp(String(c.value))
        } catch {
          out.push(refusal('custom-query.bad-regex', { at }))
        }
      }
    })
  })
  return out
}

/**
 * The 400 of a query with `problems`: one is said by its phrase; several in English joined with "; ", each
 * detail carrying its phrase (the SPA says them in the reader's language).
 */
export function customQueryRefusal(problems: RefusalPhrase[]) {
  const texts = problems.map((p) => renderRefusal(p, 'en-US'))
  return {
    said: problems.length === 1 ? problems[0] : texts.join('; '),
    details: problems.map((p, i) => ({
      path: 'info',
      message: texts[i],
      ...(problems.length > 1 ? { phrase: p } : {}),
    })),
  }
}

/** One host's values as a query sees them. */
export type CustomQueryHost = Record<CustomQueryObject, Record<string, string | number | boolean>>

/** Whether a host meets every condition (values compared as strings, as BlueKing's form sends them). */
export function matchesCustomQuery(info: CustomQueryInfo, host: CustomQueryHost): boolean {
  return info.condition.every((o) =>
    o.condition.every((c) => {
      const actual = String(host[o.bk_obj_id]?.[c.field] ?? '')
      const values = (Array.isArray(c.value) ? c.value : [c.value]).map(String)
      switch (c.operator) {
        case '$eq':
          return actual === values[0]
        case '$ne':
        case '$neq':
          return actual !== values[0]
        case '$in':
          return values.includes(actual)
        case '$nin':
          return !values.includes(actual)
        case '$regex':
          return new RegExp(values[0] ?? '').test(actual)
      }
      return false
    }),
  )
}

export const CUSTOM_QUERY_NAME_MAX = 64

export const CustomQuerySchema = z.object({
  /** BlueKing's id: a string (the job API's custom_query_id). */
  id: z.string(),
  bizId: z.number().int(),
  name: z.string(),
  info: CustomQueryInfoSchema,
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
})
export type CustomQuery = z.infer<typeof CustomQuerySchema>

export const SaveCustomQueryBodySchema = z.object({
  bizId: BkIdSchema,
  name: z.string().trim().min(1).max(CUSTOM_QUERY_NAME_MAX),
  info: CustomQueryInfoSchema,
})

/** A host a saved query selects now: the console's host (so pickers can add it to a run) and its cloud area. */
export const CustomQueryHostSchema = HostSchema.extend({ cloudId: z.number().int() })
export type CustomQueryHostRow = z.infer<typeof CustomQueryHostSchema>

/** Rename a saved query, or replace its conditions (at least one of the two). */
export const UpdateCustomQueryBodySchema = z
  .object({
    name: z.string().trim().min(1).max(CUSTOM_QUERY_NAME_MAX).optional(),
    info: CustomQueryInfoSchema.optional(),
  })
  .refine((b) => b.name !== undefined || b.info !== undefined, { message: 'give name or info' })

const idParams = z.object({ queryId: z.string().regex(/^\d{1,15}$/, 'a custom query id') })

export const customQueryRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/cmdb/custom-queries',
    query: z.object({ bizId: BkIdSchema.optional(), name: z.string().max(64).optional() }),
    response: z.array(CustomQuerySchema),
    summary: 'Saved host queries (dynamic groups)',
    access: 'read',
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/cmdb/custom-queries',
    body: SaveCustomQueryBodySchema,
    response: CustomQuerySchema,
    status: 201,
    summary: 'Save a host query of a business',
    access: 'cmdb:write',
  }),
  detail: defineRoute({
    method: 'GET',
    path: '/api/cmdb/custom-queries/:queryId',
    params: idParams,
    response: CustomQuerySchema,
    summary: 'A saved host query',
    access: 'read',
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/cmdb/custom-queries/:queryId',
    params: idParams,
    body: UpdateCustomQueryBodySchema,
    response: CustomQuerySchema,
    summary: 'Rename a saved host query or replace its conditions',
    access: 'cmdb:write',
  }),
  hosts: defineRoute({
    method: 'GET',
    path: '/api/cmdb/custom-queries/:queryId/hosts',
    params: idParams,
    response: z.array(CustomQueryHostSchema),
    summary: 'The hosts a saved query selects now',
    access: 'read',
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/cmdb/custom-queries/:queryId',
    params: idParams,
    response: OkSchema,
    summary: 'Delete a saved host query',
    access: 'cmdb:write',
  }),
}
