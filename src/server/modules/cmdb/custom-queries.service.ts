import type { z } from 'zod'
import {
  type CustomQuery,
  type CustomQueryHost,
  type CustomQueryInfo,
  CustomQueryInfoSchema,
  customQueryProblems,
  customQueryRefusal,
  matchesCustomQuery,
  type SaveCustomQueryBodySchema,
} from '../../../contract/custom-queries'
import type { Db } from '../../db/client'
import type { CustomQueryRow } from '../../db/schema'
import { uniqueOr } from '../../db/unique'
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { CmdbRepository } from './cmdb.repository'
import type { CustomQueriesRepository } from './custom-queries.repository'
import { toHostDto } from './host-dto'
import { refusal } from '../../../contract/refusal-text'

type HostOfBusiness = Awaited<ReturnType<CustomQueriesRepository['hostsOfBusiness']>>[number]

const toDto = (r: CustomQueryRow): CustomQuery => ({
  id: String(r.id),
  bizId: r.bizId,
  name: r.name,
  info: r.info,
  createdBy: r.createdBy,
  updatedBy: r.updatedBy,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
})

/** A host as a query's conditions see it (BlueKing field names). */
function queryView(r: HostOfBusiness): CustomQueryHost {
  return {
    biz: { bk_biz_id: r.biz.id, bk_biz_name: r.biz.name, default: r.biz.isDefault ? 1 : 0 },
    set: { bk_set_id: r.set.id, bk_set_name: r.set.name },
    module: { bk_module_id: r.module.id, bk_module_name: r.module.name },
    host: {
      bk_host_id: r.host.id,
      bk_host_name: r.host.name,
      bk_host_innerip: r.host.innerIp,
      bk_host_outerip: r.host.outerIp,
      bk_cloud_id: r.host.cloudId,
      bk_os_type: r.host.osType,
      bk_os_name: r.host.osName,
      bk_agent_status: r.host.agentStatus,
    },
  }
}

/** An id as stored (bigint), or null for anything that cannot name a query. */
export function queryId(id: string | number): number | null {
  const s = String(id).trim()
  return /^\d{1,15}$/.test(s) ? Number(s) : null
}

/**
 * Saved host queries ("dynamic groups", BlueKing custom queries) of a business: created, listed, read and
 * deleted through the console and the BlueKing CMDB API; `hosts` evaluates one against the business's hosts
 * now (the job API's custom_query_id).
 */
export class CustomQueriesService {
  constructor(
    private readonly db: Db,
    private readonly repo: CustomQueriesRepository,
    private readonly cmdbRepo: CmdbRepository,
    private readonly audit: AuditService,
  ) {}

  private check(info: CustomQueryInfo) {
    const problems = customQueryProblems(info)
    if (problems.length) {
      const { said, details } = customQueryRefusal(problems)
      throw new ValidationError(said, details)
    }
  }

  /** BlueKing sends `info` as a JSON string; the console as an object. */
  parseInfo(raw: unknown): CustomQueryInfo {
    let value = raw
    if (typeof raw === 'string') {
      try {
        value = JSON.parse(raw)
      } catch {
        throw new ValidationError(refusal('custom-query.not-json'))
      }
    }
    const parsed = CustomQueryInfoSchema.safeParse(value)
    if (!parsed.success)
      throw new ValidationError(
        `info: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      )
    return parsed.data
  }

  async list(principal: Principal, q: { bizId?: number; name?: string }) {
    return (await this.repo.list(principal.tenantId, q)).map(toDto)
  }

  async get(principal: Principal, id: string | number) {
    const n = queryId(id)
    const row = n === null ? undefined : await this.repo.byId(principal.tenantId, n)
    if (!row) throw new NotFoundError(refusal('custom-query.not-found', { id }))
    return row
  }

  async detail(principal: Principal, id: string | number) {
    return toDto(await this.get(principal, id))
  }

  async create(principal: Principal, body: z.infer<typeof SaveCustomQueryBodySchema>, ctx?: RequestContext) {
    this.check(body.info)
    if (!(await this.cmdbRepo.business(principal.tenantId, body.bizId)))
      throw new NotFoundError(refusal('business.not-found', { biz: body.bizId }))
    return this.db.transaction(async (tx) => {
      const row = await this.repo.insert(tx, {
        tenantId: principal.tenantId,
        bizId: body.bizId,
        name: body.name,
        info: body.info,
        createdBy: principal.username,
        updatedBy: principal.username,
      })
      if (!row) throw new ConflictError(refusal('custom-query.name-taken-in', { biz: body.bizId, name: body.name }))
      await this.audit.record(
        tx,
        principal,
        { action: 'custom-query.create', targetType: 'custom-query', targetId: String(row.id), after: toDto(row) },
        ctx,
      )
      return toDto(row)
    })
  }

  async update(
    principal: Principal,
    id: string | number,
    body: { name?: string; info?: CustomQueryInfo },
    ctx?: RequestContext,
  ) {
    const before = await this.get(principal, id)
    if (body.info) this.check(body.info)
    const conflict = () => new ConflictError(refusal('custom-query.name-taken', { name: String(body.name) }))
    return uniqueOr(this.db, conflict, async (tx) => {
      const row = await this.repo.update(tx, principal.tenantId, before.id, {
        ...(body.name ? { name: body.name } : {}),
        ...(body.info ? { info: body.info } : {}),
        updatedBy: principal.username,
      })
      await this.audit.record(
        tx,
        principal,
        {
          action: 'custom-query.update',
          targetType: 'custom-query',
          targetId: String(before.id),
          before: toDto(before),
          after: toDto(row!),
        },
        ctx,
      )
      return toDto(row!)
    })
  }

  async remove(principal: Principal, id: string | number, ctx?: RequestContext) {
    const row = await this.get(principal, id)
    await this.db.transaction(async (tx) => {
      await this.repo.remove(tx, principal.tenantId, row.id)
      await this.audit.record(
        tx,
        principal,
        { action: 'custom-query.delete', targetType: 'custom-query', targetId: String(row.id), before: toDto(row) },
        ctx,
      )
    })
  }

  /** The business hosts a stored query selects now (joined with module, set and business). */
  async matching(tenantId: string, row: CustomQueryRow) {
    const all = await this.repo.hostsOfBusiness(tenantId, row.bizId)
    return all.filter((h) => matchesCustomQuery(row.info, queryView(h)))
  }

  /** The hosts a saved query selects now, as console hosts (pickers add them to runs) with their cloud area. */
  async hosts(principal: Principal, id: string | number) {
    const row = await this.get(principal, id)
    return (await this.matching(principal.tenantId, row)).map((h) => ({
      ...toHostDto({
        host: h.host,
        bizId: h.biz.id,
        bizName: h.biz.name,
        setId: h.set.id,
        setName: h.set.name,
        moduleName: h.module.name,
        moduleKind: h.module.kind,
      }),
      cloudId: h.host.cloudId,
    }))
  }

  /**
   * For the job API's custom_query_id: the hosts of these queries of business `bizId`, deduplicated, with the
   * ids that name no query of that business.
   */
  async resolve(tenantId: string, bizId: number, ids: (string | number)[]) {
    const wanted = [...new Set(ids.map(String))]
    const numeric = wanted.map(queryId).filter((n): n is number => n !== null)
    const rows = (await this.repo.list(tenantId, { bizId, ids: numeric })).filter((r) => r.bizId === bizId)
    const known = new Set(rows.map((r) => String(r.id)))
    const missing = wanted.filter((w) => !known.has(String(queryId(w) ?? w)))
    const hosts = new Map<number, HostOfBusiness>()
    for (const r of rows) for (const h of await this.matching(tenantId, r)) hosts.set(h.host.id, h)
    return { hosts: [...hosts.values()], missing }
  }

  /** BlueKing get_custom_query_data rows. */
  async data(principal: Principal, id: string | number, start: number, limit: number) {
    const row = await this.get(principal, id)
    const all = await this.matching(principal.tenantId, row)
    return {
      count: all.length,
      info: all.slice(start, start + limit).map((h) => ({
        biz: {
          bk_biz_id: h.biz.id,
          bk_biz_name: h.biz.name,
          bk_biz_maintainer: h.biz.maintainer,
          bk_biz_productor: h.biz.maintainer,
        },
        host: {
          bk_host_id: h.host.id,
          bk_host_name: h.host.name,
          bk_host_innerip: h.host.innerIp,
          bk_host_outerip: h.host.outerIp,
          bk_cloud_id: h.host.cloudId,
          bk_os_type: h.host.osType,
          bk_agent_status: h.host.agentStatus,
        },
        module: { bk_module_id: h.module.id, bk_module_name: h.module.name },
        set: { bk_set_id: h.set.id, bk_set_name: h.set.name },
      })),
    }
  }
}
