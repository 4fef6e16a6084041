import type { App, Host } from '../../src/contract/cmdb'

export interface MockBusiness {
  id: number
  name: string
  maintainer: string
  isDefault: boolean
}
export interface MockSet {
  id: number
  bizId: number
  name: string
  description: string
  builtin: boolean
}
export interface MockModule {
  id: number
  bizId: number
  setId: number
  name: string
  kind: 'normal' | 'idle' | 'fault'
}
export type MockApp = Omit<App, 'fullName' | 'requires' | 'requiredBy'>

let seq = 1000
const next = () => ++seq

/** A host as the BFF returns it; place it with the module/set/business it belongs to. */
export function buildHost(
  place: { module: MockModule; set: MockSet; biz: MockBusiness },
  overrides: Partial<Host> = {},
): Host {
  const id = next()
  return {
    id,
    name: `host-${id}`,
    innerIp: `10.0.${Math.floor(id / 250) % 250}.${id % 250}`,
    outerIp: '',
    osType: 'linux',
    osName: 'Debian GNU/Linux 12 (bookworm)',
    arch: 'x64',
    cloudRegion: 'cn-north-4',
    cloudZone: 'cn-north-4a',
    agentSn: `sn${String(id).padStart(30, '0')}`,
    agentStatus: 'online',
    agentVersion: '0.1.0',
    lastSeenAt: '2026-11-23T08:00:00.000Z',
    tags: [],
    bizId: place.biz.id,
    bizName: place.biz.name,
    setId: place.set.id,
    setName: place.set.name,
    moduleId: place.module.id,
    moduleName: place.module.name,
    moduleKind: place.module.kind,
    resourceId: `00000000-0000-4000-9000-${String(id).padStart(12, '0')}`,
    createdAt: '2026-11-01T08:00:00.000Z',
    ...overrides,
  }
}

/**
 * A default business with its idle/fault modules holding `idleHosts` demo agents, and a "Mall" business
 * with one set and two modules; the applications of the demo seed with their dependencies.
 */
export function buildCmdb(opts: { idleHosts?: number } = {}) {
  const dflt: MockBusiness = { id: 1, name: 'Default business', maintainer: '', isDefault: true }
  const mall: MockBusiness = { id: 2, name: 'Mall', maintainer: 'operator', isDefault: false }
  const sets: MockSet[] = [
    { id: 1, bizId: 1, name: 'Internal', description: '', builtin: true },
    { id: 2, bizId: 2, name: 'Internal', description: '', builtin: true },
    { id: 3, bizId: 2, name: 'frontend', description: '', builtin: false },
  ]
  const modules: MockModule[] = [
    { id: 1, bizId: 1, setId: 1, name: 'Idle pool', kind: 'idle' },
    { id: 2, bizId: 1, setId: 1, name: 'Fault pool', kind: 'fault' },
    { id: 3, bizId: 2, setId: 2, name: 'Idle pool', kind: 'idle' },
    { id: 4, bizId: 2, setId: 2, name: 'Fault pool', kind: 'fault' },
    { id: 5, bizId: 2, setId: 3, name: 'nginx', kind: 'normal' },
    { id: 6, bizId: 2, setId: 3, name: 'web', kind: 'normal' },
  ]
  const idle = { module: modules[0], set: sets[0], biz: dflt }
  const hosts = Array.from({ length: opts.idleHosts ?? 3 }, (_, i) =>
    buildHost(idle, {
      name: `demo-host-${String(i + 1).padStart(2, '0')}`,
      agentStatus: i === 2 ? 'offline' : 'online',
    }),
  )
  const apps: MockApp[] = [
    { id: 1, name: 'mall', parentId: null, description: '', owner: 'ops' },
    { id: 2, name: 'mall-web', parentId: 1, description: '', owner: 'web-team' },
    { id: 3, name: 'mall-order', parentId: 1, description: '', owner: 'order-team' },
    { id: 4, name: 'mysql-main', parentId: null, description: '', owner: 'dba' },
  ]
  const deps = [
    { appId: 2, requiredAppId: 3 },
    { appId: 3, requiredAppId: 4 },
  ]
  return { businesses: [dflt, mall], sets, modules, hosts, apps, deps }
}
