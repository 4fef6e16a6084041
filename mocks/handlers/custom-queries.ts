import {
  type CustomQuery,
  customQueryProblems,
  customQueryRefusal,
  customQueryRoutes,
  matchesCustomQuery,
} from '../../src/contract/custom-queries'
import { db } from '../db'
import { MockError, mockRoute } from '../mock-route'
import { refusal } from '../../src/contract/refusal-text'

let seq = 0

const find = (id: string) => {
  const q = db.customQueries.find((x) => x.id === id)
  if (!q) throw new MockError(404, 'NOT_FOUND', refusal('custom-query.not-found', { id }))
  return q
}

/** Saved host queries of a business, evaluated against the mock CMDB's hosts like the BFF does. */
export const customQueryHandlers = [
  mockRoute(customQueryRoutes.list, ({ query }) =>
    db.customQueries.filter(
      (q) => (!query.bizId || q.bizId === query.bizId) && (!query.name || q.name.includes(query.name)),
    ),
  ),
  mockRoute(customQueryRoutes.create, ({ body }) => {
    const problems = customQueryProblems(body.info)
    if (problems.length) {
      const { said, details } = customQueryRefusal(problems)
      throw new MockError(400, 'VALIDATION', said, details)
    }
    if (!db.cmdb.businesses.some((b) => b.id === body.bizId))
      throw new MockError(404, 'NOT_FOUND', refusal('business.not-found', { biz: body.bizId }))
    if (db.customQueries.some((q) => q.bizId === body.bizId && q.name === body.name))
      throw new MockError(409, 'CONFLICT', refusal('custom-query.name-taken-in', { biz: body.bizId, name: body.name }))
    const now = new Date().toISOString()
    const q: CustomQuery = {
      id: String(++seq),
      bizId: body.bizId,
      name: body.name,
      info: body.info,
      createdBy: 'admin',
      updatedBy: 'admin',
      createdAt: now,
      updatedAt: now,
    }
    db.customQueries.push(q)
    return q
  }),
  mockRoute(customQueryRoutes.detail, ({ params }) => find(params.queryId)),
  mockRoute(customQueryRoutes.hosts, ({ params }) => {
    const q = find(params.queryId)
    return db.cmdb.hosts
      .filter((h) => h.bizId === q.bizId)
      .filter((h) =>
        matchesCustomQuery(q.info, {
          biz: { bk_biz_id: h.bizId, bk_biz_name: h.bizName },
          set: { bk_set_id: h.setId, bk_set_name: h.setName },
          module: { bk_module_id: h.moduleId, bk_module_name: h.moduleName },
          host: {
            bk_host_id: h.id,
            bk_host_name: h.name,
            bk_host_innerip: h.innerIp,
            bk_host_outerip: h.outerIp,
            bk_cloud_id: 0,
            bk_os_type: h.osType,
            bk_os_name: h.osName,
            bk_agent_status: h.agentStatus,
          },
        }),
      )
      .map((h) => ({ ...h, cloudId: 0 }))
  }),
  mockRoute(customQueryRoutes.update, ({ params, body }) => {
    const q = find(params.queryId)
    if (body.info) {
      const problems = customQueryProblems(body.info)
      if (problems.length) {
        const { said, details } = customQueryRefusal(problems)
        throw new MockError(400, 'VALIDATION', said, details)
      }
    }
    if (body.name && db.customQueries.some((x) => x.bizId === q.bizId && x.name === body.name && x.id !== q.id))
      throw new MockError(409, 'CONFLICT', refusal('custom-query.name-taken', { name: String(body.name) }))
    Object.assign(q, {
      ...(body.name ? { name: body.name } : {}),
      ...(body.info ? { info: body.info } : {}),
      updatedAt: new Date().toISOString(),
    })
    return q
  }),
  mockRoute(customQueryRoutes.remove, ({ params }) => {
    find(params.queryId)
    db.customQueries = db.customQueries.filter((q) => q.id !== params.queryId)
    return { ok: true as const }
  }),
]
