import type { z } from 'zod'
import {
  HOST_MATCH_MAX,
  type HostFilter,
  type HostMatch,
  type ResolveHostsBodySchema,
  type ResolveHostsResult,
  type CreateHostBodySchema,
  type HostListQuerySchema,
  type MoveHostsBodySchema,
  type Topology,
  type UpdateHostBodySchema,
} from '../../../contract/cmdb'
import type { Db, Tx } from '../../db/client'
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { CmdbRepository } from './cmdb.repository'
import { tagMap, toHostDto } from './host-dto'
import { type AgentFacts, ensureDefaultBusiness, upsertAgentHost } from './mainline'
import { fullNames } from '../../../contract/app-graph'
import { refusal } from '../../../contract/refusal-text'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The mainline tree and the hosts in it. Every method is scoped to the caller's tenant. */
export class CmdbService {
  constructor(
    private readonly db: Db,
    private readonly repo: CmdbRepository,
    private readonly audit: AuditService,
  ) {}

  // ---- for other modules: the agent gateway, tickets and patch scans ----

  /** The host of an agent's hello, registered (in the default module) or updated with its facts. */
  upsertAgentHost(tx: Tx, tenantId: string, facts: AgentFacts, now: Date) {
    return upsertAgentHost(tx, tenantId, facts, now)
  }

  markAgentOffline(hostId: number) {
    return this.repo.markAgentOffline(hostId)
  }

  markAgentsSeen(hostIds: number[], at: Date) {
    return this.repo.markAgentsSeen(hostIds, at)
  }

  /** ONLINE hosts whose agent was not seen since `before` turn OFFLINE; returns them. */
  sweepStaleAgents(before: Date) {
    return this.repo.sweepStaleAgents(before)
  }

  /** Hosts by resource id in the tenant (ticket targets). */
  /** Hosts by resource id; an id that is not a UUID (the column's type) names no host, it is not an error. */
  hostsByResourceIds(tenantId: string, resourceIds: string[]) {
    const ids = resourceIds.filter((id) => UUID.test(id))
    return ids.length ? this.repo.hostsByResourceIds(tenantId, ids) : Promise.resolve([])
  }

  /** agent_sn → stored agent status. */
  async agentStatuses(agentSns: string[]) {
    const rows = agentSns.length ? await this.repo.agentStatuses(agentSns) : []
    return new Map(rows.map((r) => [r.sn!, r.status]))
  }

  /** Hosts with a connected agent (patch scans), optionally those whose resource id or agent_sn is listed. */
  onlineAgentHosts(tenantId: string, ids: string[] = []) {
    return this.repo.onlineAgentHosts(tenantId, ids)
  }

  /**
   * Where each host (by resource id) sits now, for reports grouped by CMDB data (patch compliance): its
   * business, its host group (`business/set`, the BlueKing set is the host group) and its application, the
   * CMDB application named by the host's `app` (or `application`) tag, by full name (`mall.mall-web`) when the
   * tag names one, else the tag as written. Hosts not in the tenant's CMDB are absent from the map.
   */
  async hostPlacements(
    tenantId: string,
    resourceIds: string[],
  ): Promise<Map<string, { business: string; hostGroup: string; application: string | null }>> {
    const out = new Map<string, { business: string; hostGroup: string; application: string | null }>()
    const uuids = resourceIds.filter((id) => UUID.test(id))
    if (!uuids.length) return out
    const [rows, apps] = await Promise.all([this.repo.placements(tenantId, uuids), this.repo.appNodes(tenantId)])
    const full = fullNames(apps)
    const byName = new Map(apps.map((a) => [a.name.toLowerCase(), full.get(a.id) ?? a.name]))
    const byFull = new Map([...full.values()].map((n) => [n.toLowerCase(), n]))
    for (const r of rows) {
      const tag = (r.tags.app ?? r.tags.application ?? '').trim()
      const application = tag ? (byFull.get(tag.toLowerCase()) ?? byName.get(tag.toLowerCase()) ?? tag) : null
      out.set(r.resourceId, { business: r.bizName, hostGroup: `${r.bizName}/${r.setName}`, application })
    }
    return out
  }

  /** Businesses → sets → modules with host/online counts from one grouped query (no host rows). */
  async topology(principal: Principal): Promise<Topology> {
    const t = principal.tenantId
    const [bizs, sets, modules, counts] = await Promise.all([
      this.repo.businesses(t),
      this.repo.sets(t),
      this.repo.modules(t),
      this.repo.moduleCounts(t),
    ])
    const byModule = new Map(counts.map((c) => [c.moduleId, c]))
    const sum = <T extends { hostCount: number; onlineCount: number }>(xs: T[]) => ({
      hostCount: xs.reduce((n, x) => n + x.hostCount, 0),
      onlineCount: xs.reduce((n, x) => n + x.onlineCount, 0),
    })
    const businesses = bizs.map((b) => {
      const bizSets = sets
        .filter((s) => s.bizId === b.id)
        .map((s) => {
          const mods = modules
            .filter((m) => m.setId === s.id)
            .map((m) => ({
              id: m.id,
              name: m.name,
              kind: m.kind,
              hostCount: byModule.get(m.id)?.hosts ?? 0,
              onlineCount: byModule.get(m.id)?.online ?? 0,
            }))
          return { id: s.id, name: s.name, builtin: s.builtin, modules: mods, ...sum(mods) }
        })
      // The built-in set (idle/fault) is listed first, as BlueKing shows it.
      bizSets.sort((a, b) => Number(b.builtin) - Number(a.builtin) || a.id - b.id)
      return {
        id: b.id,
        name: b.name,
        maintainer: b.maintainer,
        isDefault: b.isDefault,
        sets: bizSets,
        ...sum(bizSets),
      }
    })
    return { businesses, ...sum(businesses) }
  }

  async searchHosts(principal: Principal, q: z.infer<typeof HostListQuerySchema>) {
    const { rows, total } = await this.repo.searchHosts(principal.tenantId, q, q.page, q.pageSize)
    return { items: rows.map(toHostDto), total, page: q.page, pageSize: q.pageSize }
  }

  /** "Select all matching": the ids of every host matching the filter (online first), without their rows. */
  async matchingHosts(principal: Principal, f: HostFilter): Promise<HostMatch> {
    const { ids, total, online } = await this.repo.matchingIds(principal.tenantId, f, HOST_MATCH_MAX)
    return { ids, total, onlineTotal: online, truncated: total > ids.length }
  }

  /**
   * The hosts of a pasted list: each entry is an inner/outer IP, a host name (exact, case-insensitive) or a
   * resource id (how job plans store hosts, resolved to names for the plan editor).
   */
  async resolveHosts(principal: Principal, body: z.infer<typeof ResolveHostsBodySchema>): Promise<ResolveHostsResult> {
    const entries = [...new Set(body.entries)]
    const rows = await this.repo.hostsByEntries(principal.tenantId, entries, body)
    const seen = new Set<string>()
    for (const r of rows) {
      seen.add(r.host.innerIp)
      if (r.host.outerIp) seen.add(r.host.outerIp)
      seen.add(r.host.name.toLowerCase())
      seen.add(r.host.resourceId)
    }
    const unmatched = entries.filter((e) => !seen.has(e) && !seen.has(e.toLowerCase()))
    return { hosts: rows.map(toHostDto), unmatched }
  }

  async getHost(principal: Principal, hostId: number) {
    const row = await this.repo.hostJoined(principal.tenantId, hostId)
    if (!row) throw new NotFoundError(refusal('host.not-found', { host: hostId }))
    return toHostDto(row)
  }

  /** Adds a host without an agent (agent hosts register themselves through the gateway). */
  async createHost(principal: Principal, body: z.infer<typeof CreateHostBodySchema>, ctx: RequestContext) {
    return uniqueIp(body.innerIp, () => this.createHostTx(principal, body, ctx))
  }

  /**
   * Hosts of a business addressed as BlueKing does, by (bk_cloud_id, ip); `missing` lists the pairs that name
   * no host of that business.
   */
  async hostsByIps(tenantId: string, bizId: number, ips: { bk_cloud_id: number; ip: string }[]) {
    const rows = await this.repo.hostsByIps(tenantId, bizId, ips)
    const key = (c: number, ip: string) => `${c}:${ip}`
    const byKey = new Map(rows.map((r) => [key(r.host.cloudId, r.host.innerIp), r]))
    const found: typeof rows = []
    const missing: string[] = []
    for (const i of ips) {
      const r = byKey.get(key(i.bk_cloud_id, i.ip))
      if (r) found.push(r)
      else missing.push(key(i.bk_cloud_id, i.ip))
    }
    return { found, missing }
  }

  /** The business `bizId` of the tenant, or undefined. */
  business(tenantId: string, bizId: number) {
    return this.repo.business(tenantId, bizId)
  }

  /** Hosts of the tenant by id, joined with module, set and business. */
  hostsByIds(tenantId: string, ids: number[]) {
    return ids.length ? this.repo.hostsByIds(tenantId, ids) : Promise.resolve([])
  }

  /** A host by id in the tenant, joined with its business (for the file library's source hosts). */
  hostJoined(tenantId: string, hostId: number) {
    return this.repo.hostJoined(tenantId, hostId)
  }

  private async createHostTx(principal: Principal, body: z.infer<typeof CreateHostBodySchema>, ctx: RequestContext) {
    return this.db.transaction(async (tx) => {
      let moduleId = body.moduleId
      if (moduleId === undefined) moduleId = (await ensureDefaultBusiness(tx, principal.tenantId)).idle.id
      else if (!(await this.repo.module(principal.tenantId, moduleId, tx))) {
        throw new ValidationError(refusal('module.missing', { module: moduleId }), [
          { path: 'body.moduleId', message: 'no such module' },
        ])
      }
      const { moduleId: _m, ...attrs } = body
      const host = await this.repo.insertHost(tx, {
        ...attrs,
        tags: tagMap(attrs.tags),
        tenantId: principal.tenantId,
        moduleId,
      })
      const dto = toHostDto((await this.repo.hostJoined(principal.tenantId, host.id, tx))!)
      await this.audit.record(
        tx,
        principal,
        { action: 'host.create', targetType: 'host', targetId: String(host.id), after: dto },
        ctx,
      )
      return dto
    })
  }

  async updateHost(
    principal: Principal,
    hostId: number,
    body: z.infer<typeof UpdateHostBodySchema>,
    ctx: RequestContext,
  ) {
    return this.db.transaction(async (tx) => {
      const before = await this.repo.hostJoined(principal.tenantId, hostId, tx)
      if (!before) throw new NotFoundError(refusal('host.not-found', { host: hostId }))
      const { tags, ...rest } = body
      await this.repo.updateHost(tx, hostId, { ...rest, ...(tags ? { tags: tagMap(tags) } : {}) })
      const after = toHostDto((await this.repo.hostJoined(principal.tenantId, hostId, tx))!)
      await this.audit.record(
        tx,
        principal,
        { action: 'host.update', targetType: 'host', targetId: String(hostId), before: toHostDto(before), after },
        ctx,
      )
      return after
    })
  }

  /** BlueKing only deletes hosts that were returned to the pool: here, hosts in an idle or fault module. */
  async deleteHost(principal: Principal, hostId: number, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const row = await this.repo.hostJoined(principal.tenantId, hostId, tx)
      if (!row) throw new NotFoundError(refusal('host.not-found', { host: hostId }))
      if (row.moduleKind === 'normal') {
        throw new ConflictError(refusal('host.in-normal-module', { host: row.host.name, module: row.moduleName }))
      }
      await this.repo.deleteHost(tx, hostId)
      await this.audit.record(
        tx,
        principal,
        { action: 'host.delete', targetType: 'host', targetId: String(hostId), before: toHostDto(row) },
        ctx,
      )
    })
  }

  /**
   * transfer_host_module: moves hosts into one module. Within a business any module is allowed; a host
   * changes business only from its idle or fault module (BlueKing hands hosts over through the pool).
   */
  async moveHosts(principal: Principal, body: z.infer<typeof MoveHostsBodySchema>, ctx: RequestContext) {
    const ids = [...new Set(body.hostIds)]
    return this.db.transaction(async (tx) => {
      const target = await this.repo.module(principal.tenantId, body.moduleId, tx)
      if (!target)
        throw new ValidationError(refusal('module.missing', { module: body.moduleId }), [
          { path: 'body.moduleId', message: 'no such module' },
        ])
      const rows = await this.repo.hostsByIds(principal.tenantId, ids, tx)
      const missing = ids.filter((id) => !rows.some((r) => r.host.id === id))
      if (missing.length)
        throw new ValidationError(refusal('host.unknown', { hosts: missing.join(', ') }), [
          { path: 'body.hostIds', message: `unknown: ${missing.join(', ')}` },
        ])
      const crossing = rows.filter((r) => r.bizId !== target.bizId && r.moduleKind === 'normal')
      if (crossing.length) {
        throw new ConflictError(refusal('host.other-business', { hosts: crossing.map((r) => r.host.name).join(', ') }))
      }
      await this.repo.moveHosts(tx, ids, target.id)
      await this.audit.record(
        tx,
        principal,
        {
          action: 'host.move',
          targetType: 'module',
          targetId: String(target.id),
          before: rows.map((r) => ({ hostId: r.host.id, moduleId: r.host.moduleId })),
          after: { hostIds: ids, moduleId: target.id },
        },
        ctx,
      )
      return { moved: ids.length }
    })
  }
}

/** An inner IP already used in the tenant's cloud area is refused (409), as BlueKing addresses hosts by it. */
async function uniqueIp<T>(ip: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } }
    const pg = e.cause ?? e
    if (pg.code === '23505' && pg.constraint === 'cmdb_hosts_cloud_ip_uniq')
      throw new ConflictError(refusal('host.ip-taken', { ip }))
    throw err
  }
}
