import type { Host } from '../../../contract/cmdb'
import type { HostRow } from './cmdb.repository'

type Joined = {
  host: HostRow
  bizId: number
  bizName: string
  setId: number
  setName: string
  moduleName: string
  moduleKind: Host['moduleKind']
}

/** The console shape of a host joined with its place in the mainline. */
export function toHostDto(r: Joined): Host {
  const h = r.host
  return {
    id: h.id,
    name: h.name,
    innerIp: h.innerIp,
    outerIp: h.outerIp,
    osType: h.osType,
    osName: h.osName,
    arch: h.arch,
    cloudRegion: h.cloudRegion,
    cloudZone: h.cloudZone,
    agentSn: h.agentSn,
    agentStatus: h.agentStatus,
    agentVersion: h.agentVersion,
    lastSeenAt: h.lastSeenAt?.toISOString() ?? null,
    tags: Object.entries(h.tags ?? {}).map(([key, value]) => ({ key, value })),
    bizId: r.bizId,
    bizName: r.bizName,
    setId: r.setId,
    setName: r.setName,
    moduleId: h.moduleId,
    moduleName: r.moduleName,
    moduleKind: r.moduleKind,
    resourceId: h.resourceId,
    createdAt: h.createdAt.toISOString(),
  }
}

/** Console tag pairs → the stored map (a later duplicate key wins). */
export function tagMap(tags: { key: string; value: string }[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.key, t.value]))
}
