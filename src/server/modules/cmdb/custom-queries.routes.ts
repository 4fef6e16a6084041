import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { BK_ERRORS, bkTime } from '../../../contract/bk-job'
import { customQueryRoutes } from '../../../contract/custom-queries'
import type { CustomQuery } from '../../../contract/custom-queries'
import { BkError } from '../../lib/errors'
import type { Principal } from '../../lib/principal'
import { route } from '../../lib/route'
import type { Services } from '../../services'
import { bkApi } from '../bk-job/bk-job.routes'

const int = () => z.coerce.number().int()
const biz = { bk_supplier_account: z.string().max(64).optional(), bk_biz_id: int().min(1) }
const id = z.union([z.string().min(1).max(32), z.number().int()]).transform(String)

/** BlueKing's shape of a custom query: `info` as a JSON string. */
const bkQuery = (q: CustomQuery) => ({
  bk_biz_id: q.bizId,
  id: q.id,
  name: q.name,
  info: JSON.stringify(q.info),
  create_user: q.createdBy,
  create_time: bkTime(q.createdAt),
  modify_user: q.updatedBy,
  last_time: bkTime(q.updatedAt),
})

/** Saved host queries: console API under /api/cmdb/custom-queries, BlueKing CMDB API under /api/c/compapi/v2/cc. */
export function registerCustomQueryRoutes(app: FastifyInstance, services: Services) {
  const { customQueries, bkJob } = services
  route(app, customQueryRoutes.list, ({ principal, query }) => customQueries.list(principal, query))
  route(app, customQueryRoutes.create, ({ principal, body, ctx }) => customQueries.create(principal, body, ctx))
  route(app, customQueryRoutes.detail, ({ principal, params }) => customQueries.detail(principal, params.queryId))
  route(app, customQueryRoutes.update, ({ principal, params, body, ctx }) =>
    customQueries.update(principal, params.queryId, body, ctx),
  )
  route(app, customQueryRoutes.hosts, ({ principal, params }) => customQueries.hosts(principal, params.queryId))
  route(app, customQueryRoutes.remove, async ({ principal, params, ctx }) => {
    await customQueries.remove(principal, params.queryId, ctx)
    return { ok: true as const }
  })

  /** The query must belong to the business named in the call. */
  const inBiz = async (principal: Principal, bizId: number, queryId: string) => {
    await bkJob.business(principal, bizId)
    const q = await customQueries.detail(principal, queryId).catch(() => null)
    if (!q || q.bizId !== bizId)
      throw new BkError(`custom query ${queryId} not found in business ${bizId}`, BK_ERRORS.notFound)
    return q
  }

  bkApi(
    app,
    services,
    'create_custom_query',
    z.object({ ...biz, name: z.string().trim().min(1).max(64), info: z.unknown() }),
    async ({ principal, params, ctx }) => {
      bkJob.require(principal, 'cmdb:write')
      await bkJob.business(principal, params.bk_biz_id)
      const info = customQueries.parseInfo(params.info)
      const q = await customQueries.create(principal, { bizId: params.bk_biz_id, name: params.name, info }, ctx)
      return { id: q.id }
    },
    'cc',
  )
  bkApi(
    app,
    services,
    'update_custom_query',
    z.object({ ...biz, id, name: z.string().trim().min(1).max(64).optional(), info: z.unknown().optional() }),
    async ({ principal, params, ctx }) => {
      bkJob.require(principal, 'cmdb:write')
      await inBiz(principal, params.bk_biz_id, params.id)
      const info = params.info === undefined ? undefined : customQueries.parseInfo(params.info)
      await customQueries.update(principal, params.id, { name: params.name, info }, ctx)
      return null
    },
    'cc',
  )
  bkApi(
    app,
    services,
    'search_custom_query',
    z.object({
      ...biz,
      condition: z
        .object({
          name: z.string().max(64).optional(),
          create_user: z.string().optional(),
          modify_user: z.string().optional(),
        })
        .default({}),
      start: int().min(0).default(0),
      limit: int().min(1).max(200).default(200),
    }),
    async ({ principal, params }) => {
      bkJob.require(principal, 'read')
      await bkJob.business(principal, params.bk_biz_id)
      const c = params.condition
      const all = (await customQueries.list(principal, { bizId: params.bk_biz_id })).filter(
        (q) =>
          (!c.name || q.name === c.name) &&
          (!c.create_user || q.createdBy === c.create_user) &&
          (!c.modify_user || q.updatedBy === c.modify_user),
      )
      return { count: all.length, info: all.slice(params.start, params.start + params.limit).map(bkQuery) }
    },
    'cc',
  )
  bkApi(
    app,
    services,
    'get_custom_query_detail',
    z.object({ ...biz, id }),
    async ({ principal, params }) => {
      bkJob.require(principal, 'read')
      return bkQuery(await inBiz(principal, params.bk_biz_id, params.id))
    },
    'cc',
  )
  bkApi(
    app,
    services,
    'get_custom_query_data',
    z.object({ ...biz, id, start: int().min(0).default(0), limit: int().min(1).max(200).default(200) }),
    async ({ principal, params }) => {
      bkJob.require(principal, 'read')
      await inBiz(principal, params.bk_biz_id, params.id)
      return customQueries.data(principal, params.id, params.start, params.limit)
    },
    'cc',
  )
  bkApi(
    app,
    services,
    'delete_custom_query',
    z.object({ ...biz, id }),
    async ({ principal, params, ctx }) => {
      bkJob.require(principal, 'cmdb:write')
      await inBiz(principal, params.bk_biz_id, params.id)
      await customQueries.remove(principal, params.id, ctx)
      return null
    },
    'cc',
  )
}
