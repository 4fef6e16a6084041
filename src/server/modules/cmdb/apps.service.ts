import type { z } from 'zod'
import type {
  App,
  AppGraph,
  AppGraphQuerySchema,
  CreateAppBodySchema,
  UpdateAppBodySchema,
} from '../../../contract/cmdb'
import type { Db, Tx } from '../../db/client'
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import { fullNames, isSelfOrDescendant, neighbourhood, wouldCycle } from '../../../contract/app-graph'
import type { AppsRepository } from './apps.repository'
import { uniqueOr } from '../../db/unique'
import { refusal } from '../../../contract/refusal-text'

/**
 * Applications (seed 003): a parent/child tree plus "requires" edges, changed from the dependent side only.
 * Rules: no loops in either, nothing deleted while it has children or dependants.
 */
export class AppsService {
  constructor(
    private readonly db: Db,
    private readonly repo: AppsRepository,
    private readonly audit: AuditService,
  ) {}

  private load(tenantId: string, tx: Tx = this.db) {
    return this.repo.graph(tenantId, tx)
  }

  private dtos(data: Awaited<ReturnType<AppsService['load']>>): App[] {
    const names = fullNames(data.apps)
    return data.apps.map((a) => ({
      id: a.id,
      name: a.name,
      fullName: names.get(a.id) ?? a.name,
      parentId: a.parentId,
      description: a.description,
      owner: a.owner,
      requires: data.edges.filter((e) => e.appId === a.id).map((e) => e.requiredAppId),
      requiredBy: data.edges.filter((e) => e.requiredAppId === a.id).map((e) => e.appId),
    }))
  }

  private async one(tenantId: string, id: number, tx: Tx = this.db) {
    const app = this.dtos(await this.load(tenantId, tx)).find((a) => a.id === id)
    if (!app) throw new NotFoundError(refusal('app.not-found', { app: id }))
    return app
  }

  async list(p: Principal) {
    return this.dtos(await this.load(p.tenantId))
  }

  private mutate<T>(name: string | undefined, fn: (tx: Tx) => Promise<T>) {
    return uniqueOr(this.db, () => new ConflictError(refusal('app.name-taken', { name: String(name) })), fn)
  }

  async create(p: Principal, body: z.infer<typeof CreateAppBodySchema>, ctx: RequestContext) {
    return this.mutate(body.name, async (tx) => {
      if (body.parentId !== null)
        await this.one(p.tenantId, body.parentId, tx).catch(() => {
          throw new ValidationError(refusal('app.parent-missing', { app: String(body.parentId) }), [
            { path: 'body.parentId', message: 'no such application' },
          ])
        })
      const row = await this.repo.insert(tx, { ...body, tenantId: p.tenantId })
      const app = await this.one(p.tenantId, row.id, tx)
      await this.audit.record(
        tx,
        p,
        { action: 'app.create', targetType: 'app', targetId: String(row.id), after: app },
        ctx,
      )
      return app
    })
  }

  async update(p: Principal, id: number, body: z.infer<typeof UpdateAppBodySchema>, ctx: RequestContext) {
    return this.mutate(body.name, async (tx) => {
      const { apps } = await this.load(p.tenantId, tx)
      const before = await this.one(p.tenantId, id, tx)
      if (body.parentId !== undefined && body.parentId !== null) {
        if (!apps.some((a) => a.id === body.parentId)) {
          throw new ValidationError(refusal('app.parent-missing', { app: String(body.parentId) }), [
            { path: 'body.parentId', message: 'no such application' },
          ])
        }
        if (isSelfOrDescendant(apps, id, body.parentId)) {
          throw new ValidationError(refusal('app.parent-loop'), [
            { path: 'body.parentId', message: 'would create a loop' },
          ])
        }
      }
      await this.repo.update(tx, id, body)
      const after = await this.one(p.tenantId, id, tx)
      await this.audit.record(
        tx,
        p,
        { action: 'app.update', targetType: 'app', targetId: String(id), before, after },
        ctx,
      )
      return after
    })
  }

  async remove(p: Principal, id: number, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const app = await this.one(p.tenantId, id, tx)
      const { apps } = await this.load(p.tenantId, tx)
      if (apps.some((a) => a.parentId === id)) throw new ConflictError(refusal('app.has-children', { app: app.name }))
      if (app.requiredBy.length)
        throw new ConflictError(refusal('app.required-by', { app: app.name, count: app.requiredBy.length }))
      await this.repo.delete(tx, id)
      await this.audit.record(
        tx,
        p,
        { action: 'app.delete', targetType: 'app', targetId: String(id), before: app },
        ctx,
      )
    })
  }

  async addDependency(p: Principal, appId: number, requiredAppId: number, ctx: RequestContext) {
    return this.db.transaction(async (tx) => {
      const { apps, edges } = await this.load(p.tenantId, tx)
      if (!apps.some((a) => a.id === appId)) throw new NotFoundError(refusal('app.not-found', { app: appId }))
      if (!apps.some((a) => a.id === requiredAppId)) {
        throw new ValidationError(refusal('app.missing', { app: requiredAppId }), [
          { path: 'body.requiredAppId', message: 'no such application' },
        ])
      }
      if (edges.some((e) => e.appId === appId && e.requiredAppId === requiredAppId))
        throw new ConflictError(refusal('app.dependency-exists'))
      if (wouldCycle(edges, appId, requiredAppId)) {
        throw new ValidationError(refusal('app.dependency-cycle'), [
          { path: 'body.requiredAppId', message: 'would create a cycle' },
        ])
      }
      await this.repo.addDependency(tx, p.tenantId, appId, requiredAppId)
      await this.audit.record(
        tx,
        p,
        { action: 'app.dependency.add', targetType: 'app', targetId: String(appId), after: { requiredAppId } },
        ctx,
      )
      return this.one(p.tenantId, appId, tx)
    })
  }

  async removeDependency(p: Principal, appId: number, requiredAppId: number, ctx: RequestContext) {
    return this.db.transaction(async (tx) => {
      if (!(await this.repo.removeDependency(tx, p.tenantId, appId, requiredAppId)))
        throw new NotFoundError(refusal('app.no-dependency', { app: appId, required: requiredAppId }))
      await this.audit.record(
        tx,
        p,
        { action: 'app.dependency.remove', targetType: 'app', targetId: String(appId), before: { requiredAppId } },
        ctx,
      )
      return this.one(p.tenantId, appId, tx)
    })
  }

  /**
   * The dependency graph around `rootId` (or all of it), filtered by name, with the containment edges between shown
   * nodes.
   */
  async graph(p: Principal, q: z.infer<typeof AppGraphQuerySchema>): Promise<AppGraph> {
    const { apps, edges } = await this.load(p.tenantId)
    if (q.rootId !== undefined && !apps.some((a) => a.id === q.rootId))
      throw new NotFoundError(refusal('app.not-found', { app: q.rootId }))
    const near = neighbourhood(apps, edges, q.rootId, q.depth, q.direction)
    const names = fullNames(apps)
    const needle = q.q?.toLowerCase()
    const nodes = apps.filter(
      (a) => near.ids.has(a.id) && (!needle || a.id === q.rootId || names.get(a.id)!.toLowerCase().includes(needle)),
    )
    const shown = new Set(nodes.map((n) => n.id))
    return {
      nodes: nodes.map((a) => ({
        id: a.id,
        name: a.name,
        fullName: names.get(a.id)!,
        parentId: a.parentId,
        distance: near.ids.get(a.id) ?? null,
      })),
      edges: [
        ...near.edges
          .filter((e) => shown.has(e.appId) && shown.has(e.requiredAppId))
          .map((e) => ({ from: e.appId, to: e.requiredAppId, kind: 'requires' as const })),
        ...nodes
          .filter((a) => a.parentId !== null && shown.has(a.parentId))
          .map((a) => ({ from: a.parentId!, to: a.id, kind: 'contains' as const })),
      ],
    }
  }
}
