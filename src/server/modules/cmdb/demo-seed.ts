import { and, eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { cmdbAppDeps, cmdbApps, cmdbBusinesses, cmdbModules, cmdbSets } from '../../db/schema'
import { ensureDefaultBusiness, insertBusinessTree } from './mainline'

export const DEMO_BUSINESS = 'Mall'

const SETS: Record<string, string[]> = {
  frontend: ['nginx', 'web'],
  backend: ['order-api', 'payment-api'],
  data: ['mysql', 'redis'],
}
const APPS: [name: string, parent: string | null, owner: string][] = [
  ['mall', null, 'ops'],
  ['mall-web', 'mall', 'web-team'],
  ['mall-order', 'mall', 'order-team'],
  ['mall-payment', 'mall', 'pay-team'],
  ['mysql-main', null, 'dba'],
  ['redis-cache', null, 'dba'],
  ['kafka-bus', null, 'infra'],
]
const DEPS: [string, string][] = [
  ['mall-web', 'mall-order'],
  ['mall-web', 'redis-cache'],
  ['mall-order', 'mysql-main'],
  ['mall-order', 'kafka-bus'],
  ['mall-payment', 'mysql-main'],
  ['mall-order', 'mall-payment'],
]

/**
 * Demo CMDB of the default tenant: the default business, a "Mall" business with three sets and six modules,
 * and an application tree with dependencies. Runs once (skipped when the Mall business exists).
 */
export async function seedDemoCmdb(db: Db, tenantId: string) {
  await db.transaction(async (tx) => {
    await ensureDefaultBusiness(tx, tenantId)
    const [exists] = await tx
      .select()
      .from(cmdbBusinesses)
      .where(and(eq(cmdbBusinesses.tenantId, tenantId), eq(cmdbBusinesses.name, DEMO_BUSINESS)))
    if (exists) return
    const { biz } = await insertBusinessTree(tx, tenantId, { name: DEMO_BUSINESS, maintainer: 'operator' })
    for (const [setName, modules] of Object.entries(SETS)) {
      const [set] = await tx.insert(cmdbSets).values({ tenantId, bizId: biz.id, name: setName }).returning()
      await tx.insert(cmdbModules).values(modules.map((name) => ({ tenantId, bizId: biz.id, setId: set.id, name })))
    }
    const ids = new Map<string, number>()
    for (const [name, parent, owner] of APPS) {
      const [app] = await tx
        .insert(cmdbApps)
        .values({ tenantId, name, owner, parentId: parent ? ids.get(parent)! : null })
        .onConflictDoNothing()
        .returning()
      if (app) ids.set(name, app.id)
    }
    const edges = DEPS.filter(([a, b]) => ids.has(a) && ids.has(b)).map(([a, b]) => ({
      tenantId,
      appId: ids.get(a)!,
      requiredAppId: ids.get(b)!,
    }))
    if (edges.length) await tx.insert(cmdbAppDeps).values(edges).onConflictDoNothing()
  })
}
