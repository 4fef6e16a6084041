import { and, eq, inArray, ne } from 'drizzle-orm'
import type { HelloMessage } from '../../../contract/agents'
import type { Tx } from '../../db/client'
import { cmdbBusinesses, cmdbHosts, cmdbModules, cmdbSets } from '../../db/schema'

/** BlueKing names of the built-in set and its modules (内置模块集合 / 空闲机 / 故障机). */
export const BUILTIN_SET = 'Internal'
export const IDLE_MODULE = 'Idle pool'
export const FAULT_MODULE = 'Fault pool'
export const DEFAULT_BUSINESS = 'Default business'

/** Creates a business with its built-in set and idle/fault modules, as BlueKing does on create_business. */
export async function insertBusinessTree(
  tx: Tx,
  tenantId: string,
  values: { name: string; maintainer?: string; isDefault?: boolean },
) {
  const [biz] = await tx
    .insert(cmdbBusinesses)
    .values({ tenantId, name: values.name, maintainer: values.maintainer ?? '', isDefault: values.isDefault ?? false })
    .returning()
  const [set] = await tx
    .insert(cmdbSets)
    .values({
      tenantId,
      bizId: biz.id,
      name: BUILTIN_SET,
      builtin: true,
      description: 'Built-in set with the idle and fault modules',
    })
    .returning()
  const modules = await tx
    .insert(cmdbModules)
    .values([
      { tenantId, bizId: biz.id, setId: set.id, name: IDLE_MODULE, kind: 'idle' as const },
      { tenantId, bizId: biz.id, setId: set.id, name: FAULT_MODULE, kind: 'fault' as const },
    ])
    .returning()
  return { biz, set, idle: modules.find((m) => m.kind === 'idle')!, fault: modules.find((m) => m.kind === 'fault')! }
}

/** The default business of a tenant, created on first need; its idle module receives new agents. */
export async function ensureDefaultBusiness(tx: Tx, tenantId: string) {
  const [biz] = await tx
    .select()
    .from(cmdbBusinesses)
    .where(and(eq(cmdbBusinesses.tenantId, tenantId), eq(cmdbBusinesses.isDefault, true)))
  if (biz) {
    const [idle] = await tx
      .select()
      .from(cmdbModules)
      .where(and(eq(cmdbModules.bizId, biz.id), eq(cmdbModules.kind, 'idle')))
    return { biz, idle }
  }
  const made = await insertBusinessTree(tx, tenantId, { name: DEFAULT_BUSINESS, isDefault: true })
  return { biz: made.biz, idle: made.idle }
}

/**
 * The first of an agent's addresses that no other host of the tenant's cloud area has (hosts are addressed by
 * cloud area + IP); '' when all are taken, e.g. several agents on one machine without `--ip`.
 */
async function freeIp(tx: Tx, tenantId: string, cloudId: number, ips: string[], self?: number) {
  if (!ips.length) return ''
  const taken = await tx
    .select({ ip: cmdbHosts.innerIp })
    .from(cmdbHosts)
    .where(
      and(
        eq(cmdbHosts.tenantId, tenantId),
        eq(cmdbHosts.cloudId, cloudId),
        inArray(cmdbHosts.innerIp, ips),
        self === undefined ? undefined : ne(cmdbHosts.id, self),
      ),
    )
  const used = new Set(taken.map((t) => t.ip))
  return ips.find((ip) => !used.has(ip)) ?? ''
}

export type AgentFacts = Pick<HelloMessage, 'agentSn' | 'hostname' | 'ips' | 'os' | 'osName' | 'arch' | 'version'>

/**
 * Registers or refreshes the host of an agent. A new agent_sn becomes a host in the default business's
 * idle module; a known one keeps its place in the topology and gets its facts refreshed. Returns null when
 * the agent_sn belongs to another tenant (the gateway refuses the connection).
 */
export async function upsertAgentHost(tx: Tx, tenantId: string, facts: AgentFacts, now: Date) {
  const [existing] = await tx.select().from(cmdbHosts).where(eq(cmdbHosts.agentSn, facts.agentSn)).for('update')
  const attrs = {
    innerIp: await freeIp(tx, tenantId, existing?.cloudId ?? 0, facts.ips, existing?.id),
    osType: facts.os,
    osName: facts.osName,
    arch: facts.arch,
    agentVersion: facts.version,
    agentStatus: 'online' as const,
    lastSeenAt: now,
    updatedAt: now,
  }
  if (existing) {
    if (existing.tenantId !== tenantId) return null
    const [host] = await tx.update(cmdbHosts).set(attrs).where(eq(cmdbHosts.id, existing.id)).returning()
    return { host, created: false }
  }
  const { idle } = await ensureDefaultBusiness(tx, tenantId)
  const [host] = await tx
    .insert(cmdbHosts)
    .values({ tenantId, moduleId: idle.id, name: facts.hostname, agentSn: facts.agentSn, ...attrs })
    .returning()
  return { host, created: true }
}
