import { fullNames, neighbourhood, wouldCycle } from '../../src/contract/app-graph'
import { agentTokenRoutes } from '../../src/contract/agent-tokens'
import { agentCredentialRoutes } from '../../src/contract/agent-credentials'
import { cmdbRoutes, HOST_MATCH_MAX, type Host, type HostFilter } from '../../src/contract/cmdb'
import { resourceRoutes } from '../../src/contract/resources'
import { db, page } from '../db'
import type { MockModule } from '../factories/cmdb'
import { refusal } from '../../src/contract/refusal-text'
import { MockError, mockRoute } from '../mock-route'

const ok = { ok: true as const }

function agentCredential(agentSn: string) {
  const host = db.cmdb.hosts.find((h) => h.agentSn === agentSn) ?? notFound('Agent credential')
  return {
    agentSn,
    enrolledAt: host.createdAt,
    lastUsedAt: host.lastSeenAt,
    revokedAt: db.revokedAgents[agentSn]?.revokedAt ?? null,
    revokedBy: db.revokedAgents[agentSn]?.revokedBy ?? null,
  }
}
let seq = 5000
const notFound = (what: string): never => {
  throw new MockError(404, 'NOT_FOUND', `${what} not found`)
}
/** The three mainline levels: each row is found by id, and a level with hosts below it is not deleted. */
const LEVELS = {
  businesses: { name: 'business', hostKey: 'bizId' },
  sets: { name: 'set', hostKey: 'setId' },
  modules: { name: 'module', hostKey: 'moduleId' },
} as const
/** The BFF's refusal of deleting a level that still holds hosts, named by the row's name. */
const HOLDS_HOSTS = {
  businesses: (name: string) => refusal('business.has-hosts', { biz: name }),
  sets: (name: string) => refusal('set.has-hosts', { set: name }),
  modules: (name: string) => refusal('module.has-hosts', { module: name }),
}
type Level = keyof typeof LEVELS
type LevelRow<L extends Level> = (typeof db.cmdb)[L][number]

function updateLevel<L extends Level>(level: L, id: number, patch: Partial<LevelRow<L>>): LevelRow<L> {
  const name = LEVELS[level].name
  const row = (db.cmdb[level] as LevelRow<L>[]).find((r) => r.id === id)
  return Object.assign(row ?? notFound(name[0].toUpperCase() + name.slice(1)), patch)
}

function deleteLevel(level: Level, id: number) {
  const { hostKey } = LEVELS[level]
  const rows: { id: number; name: string }[] = db.cmdb[level]
  if (db.cmdb.hosts.some((h) => h[hostKey] === id))
    throw new MockError(409, 'CONFLICT', HOLDS_HOSTS[level](rows.find((r) => r.id === id)?.name ?? String(id)))
  const at = rows.findIndex((r) => r.id === id)
  if (at >= 0) rows.splice(at, 1)
  return ok
}

const conflict = (msg: string): never => {
  throw new MockError(409, 'CONFLICT', msg)
}

function counts(hosts: Host[]) {
  return { hostCount: hosts.length, onlineCount: hosts.filter((h) => h.agentStatus === 'online').length }
}

function topology() {
  const { businesses, sets, modules, hosts } = db.cmdb
  return {
    ...counts(hosts),
    businesses: businesses.map((b) => ({
      ...b,
      ...counts(hosts.filter((h) => h.bizId === b.id)),
      sets: sets
        .filter((s) => s.bizId === b.id)
        .map((s) => ({
          id: s.id,
          name: s.name,
          builtin: s.builtin,
          ...counts(hosts.filter((h) => h.setId === s.id)),
          modules: modules
            .filter((m) => m.setId === s.id)
            .map((m) => ({
              id: m.id,
              name: m.name,
              kind: m.kind,
              ...counts(hosts.filter((h) => h.moduleId === m.id)),
            })),
        })),
    })),
  }
}

function placeOf(m: MockModule) {
  return { set: db.cmdb.sets.find((s) => s.id === m.setId)!, biz: db.cmdb.businesses.find((b) => b.id === m.bizId)! }
}

function apps() {
  const names = fullNames(db.cmdb.apps)
  return db.cmdb.apps.map((a) => ({
    ...a,
    fullName: names.get(a.id)!,
    requires: db.cmdb.deps.filter((d) => d.appId === a.id).map((d) => d.requiredAppId),
    requiredBy: db.cmdb.deps.filter((d) => d.requiredAppId === a.id).map((d) => d.appId),
  }))
}
const app = (id: number) => apps().find((a) => a.id === id) ?? notFound(`Application ${id}`)
/** Hosts matching the list filters, online first (as the server orders them). */
function matching(f: HostFilter) {
  const q = f.q?.toLowerCase()
  return db.cmdb.hosts
    .filter(
      (h) =>
        (!q || h.name.toLowerCase().includes(q) || h.innerIp.includes(q)) &&
        (!f.bizId || h.bizId === f.bizId) &&
        (!f.setId || h.setId === f.setId) &&
        (!f.moduleId || h.moduleId === f.moduleId) &&
        (!f.status || h.agentStatus === f.status),
    )
    .sort((a, b) => Number(b.agentStatus === 'online') - Number(a.agentStatus === 'online') || a.id - b.id)
}
const hostById = (id: number) => db.cmdb.hosts.find((h) => h.id === id) ?? notFound(`Host ${id}`)

export const cmdbHandlers = [
  mockRoute(cmdbRoutes.topology, () => topology()),
  mockRoute(cmdbRoutes.listHosts, ({ query }) => page(matching(query), query.page, query.pageSize)),
  mockRoute(cmdbRoutes.matchingHosts, ({ query }) => {
    const rows = matching(query)
    const ids = rows.slice(0, HOST_MATCH_MAX).map((h) => h.id)
    const onlineTotal = rows.filter((h) => h.agentStatus === 'online').length
    return { ids, total: rows.length, onlineTotal, truncated: rows.length > ids.length }
  }),
  mockRoute(cmdbRoutes.resolveHosts, ({ body }) => {
    const entries = [...new Set(body.entries)]
    const wanted = new Set(entries.map((e) => e.toLowerCase()))
    const hosts = matching(body).filter(
      (h) =>
        wanted.has(h.innerIp) ||
        (h.outerIp && wanted.has(h.outerIp)) ||
        wanted.has(h.name.toLowerCase()) ||
        wanted.has(h.resourceId.toLowerCase()),
    )
    const seen = new Set(hosts.flatMap((h) => [h.innerIp, h.outerIp, h.name.toLowerCase(), h.resourceId.toLowerCase()]))
    return { hosts, unmatched: entries.filter((e) => !seen.has(e.toLowerCase())) }
  }),
  mockRoute(cmdbRoutes.getHost, ({ params }) => hostById(params.hostId)),
  mockRoute(cmdbRoutes.createHost, ({ body }) => {
    const module = db.cmdb.modules.find((m) => m.id === (body.moduleId ?? 1)) ?? notFound('Module')
    const { set, biz } = placeOf(module)
    const host: Host = {
      ...db.cmdb.hosts[0],
      ...body,
      id: ++seq,
      osName: '',
      arch: '',
      agentSn: null,
      agentStatus: 'none',
      agentVersion: '',
      lastSeenAt: null,
      bizId: biz.id,
      bizName: biz.name,
      setId: set.id,
      setName: set.name,
      moduleId: module.id,
      moduleName: module.name,
      moduleKind: module.kind,
      resourceId: crypto.randomUUID(),
      createdAt: new Date().toISOString(),
    }
    db.cmdb.hosts.push(host)
    return host
  }),
  mockRoute(cmdbRoutes.updateHost, ({ params, body }) => Object.assign(hostById(params.hostId), body)),
  mockRoute(cmdbRoutes.deleteHost, ({ params }) => {
    if (hostById(params.hostId).moduleKind === 'normal')
      conflict('Move the host to the idle or fault module before deleting it')
    db.cmdb.hosts = db.cmdb.hosts.filter((h) => h.id !== params.hostId)
    return ok
  }),
  mockRoute(cmdbRoutes.moveHosts, ({ body }) => {
    const module = db.cmdb.modules.find((m) => m.id === body.moduleId) ?? notFound('Module')
    const { set, biz } = placeOf(module)
    for (const id of body.hostIds)
      Object.assign(hostById(id), {
        bizId: biz.id,
        bizName: biz.name,
        setId: set.id,
        setName: set.name,
        moduleId: module.id,
        moduleName: module.name,
        moduleKind: module.kind,
      })
    return { moved: body.hostIds.length }
  }),
  mockRoute(cmdbRoutes.createBusiness, ({ body }) => {
    const biz = { id: ++seq, name: body.name, maintainer: body.maintainer, isDefault: false }
    db.cmdb.businesses.push(biz)
    return biz
  }),
  mockRoute(cmdbRoutes.updateBusiness, ({ params, body }) => updateLevel('businesses', params.bizId, body)),
  mockRoute(cmdbRoutes.deleteBusiness, ({ params }) => deleteLevel('businesses', params.bizId)),
  mockRoute(cmdbRoutes.createSet, ({ body }) => {
    const set = { id: ++seq, bizId: body.bizId, name: body.name, description: body.description, builtin: false }
    db.cmdb.sets.push(set)
    return set
  }),
  mockRoute(cmdbRoutes.updateSet, ({ params, body }) => updateLevel('sets', params.setId, body)),
  mockRoute(cmdbRoutes.deleteSet, ({ params }) => deleteLevel('sets', params.setId)),
  mockRoute(cmdbRoutes.createModule, ({ body }) => {
    const set = db.cmdb.sets.find((s) => s.id === body.setId) ?? notFound('Set')
    const module: MockModule = { id: ++seq, bizId: set.bizId, setId: set.id, name: body.name, kind: 'normal' }
    db.cmdb.modules.push(module)
    return module
  }),
  mockRoute(cmdbRoutes.updateModule, ({ params, body }) => updateLevel('modules', params.moduleId, body)),
  mockRoute(cmdbRoutes.deleteModule, ({ params }) => deleteLevel('modules', params.moduleId)),
  mockRoute(cmdbRoutes.listApps, () => apps()),
  mockRoute(cmdbRoutes.createApp, ({ body }) => {
    const id = ++seq
    db.cmdb.apps.push({ id, ...body })
    return app(id)
  }),
  mockRoute(cmdbRoutes.updateApp, ({ params, body }) => {
    Object.assign(db.cmdb.apps.find((a) => a.id === params.appId) ?? notFound('Application'), body)
    return app(params.appId)
  }),
  mockRoute(cmdbRoutes.deleteApp, ({ params }) => {
    if (app(params.appId).requiredBy.length) conflict('Other applications require it')
    db.cmdb.apps = db.cmdb.apps.filter((a) => a.id !== params.appId)
    return ok
  }),
  mockRoute(cmdbRoutes.addDependency, ({ params, body }) => {
    if (wouldCycle(db.cmdb.deps, params.appId, body.requiredAppId))
      throw new MockError(400, 'VALIDATION', refusal('app.dependency-cycle'))
    db.cmdb.deps.push({ appId: params.appId, requiredAppId: body.requiredAppId })
    return app(params.appId)
  }),
  mockRoute(cmdbRoutes.removeDependency, ({ params }) => {
    db.cmdb.deps = db.cmdb.deps.filter((d) => !(d.appId === params.appId && d.requiredAppId === params.requiredAppId))
    return app(params.appId)
  }),
  mockRoute(cmdbRoutes.appGraph, ({ query }) => {
    const near = neighbourhood(db.cmdb.apps, db.cmdb.deps, query.rootId, query.depth, query.direction)
    const all = apps().filter((a) => near.ids.has(a.id) && (!query.q || a.fullName.includes(query.q)))
    const shown = new Set(all.map((a) => a.id))
    return {
      nodes: all.map((a) => ({
        id: a.id,
        name: a.name,
        fullName: a.fullName,
        parentId: a.parentId,
        distance: near.ids.get(a.id) ?? null,
      })),
      edges: [
        ...near.edges
          .filter((e) => shown.has(e.appId) && shown.has(e.requiredAppId))
          .map((e) => ({ from: e.appId, to: e.requiredAppId, kind: 'requires' as const })),
        ...all
          .filter((a) => a.parentId !== null && shown.has(a.parentId))
          .map((a) => ({ from: a.parentId!, to: a.id, kind: 'contains' as const })),
      ],
    }
  }),
  mockRoute(agentTokenRoutes.list, () => db.agentTokens),
  mockRoute(agentTokenRoutes.create, ({ body }) => {
    const token = {
      id: crypto.randomUUID(),
      description: body.description,
      createdBy: 'admin',
      createdAt: new Date().toISOString(),
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
    }
    db.agentTokens.push(token)
    return { ...token, token: 'oca_mock-token-shown-once' }
  }),
  mockRoute(agentTokenRoutes.revoke, ({ params }) => {
    Object.assign(db.agentTokens.find((t) => t.id === params.tokenId) ?? notFound('Token'), {
      revokedAt: new Date().toISOString(),
    })
    return ok
  }),
  mockRoute(agentCredentialRoutes.get, ({ params }) => agentCredential(params.agentSn)),
  mockRoute(agentCredentialRoutes.revoke, ({ params }) => {
    if (agentCredential(params.agentSn).revokedAt) notFound('Agent credential')
    db.revokedAgents[params.agentSn] = { revokedAt: new Date().toISOString(), revokedBy: 'admin' }
    return agentCredential(params.agentSn)
  }),
  mockRoute(resourceRoutes.list, ({ query }) => ({
    data: db.cmdb.hosts
      .filter((h) => query.provider === 'ecs' && query.type === 'cloudservers' && h.id > Number(query.marker ?? 0))
      .slice(0, query.limit)
      .map((h) => ({
        id: String(h.id),
        resource_id: h.resourceId,
        name: h.name,
        provider: 'ecs',
        type: 'cloudservers',
        project_id: '0'.repeat(32),
        region_id: h.cloudRegion,
        ep_id: '0',
        tags: Object.fromEntries(h.tags.map((t) => [t.key, t.value])),
        properties: { hostname: h.name },
        agent_id: h.agentSn,
        agent_state:
          h.agentStatus === 'online' ? ('ONLINE' as const) : h.agentStatus === 'offline' ? ('OFFLINE' as const) : null,
        inner_ip: h.innerIp,
        create_time: h.createdAt,
        update_time: h.createdAt,
      })),
  })),
]
