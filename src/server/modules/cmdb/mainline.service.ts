import type { z } from 'zod'
import type {
  CreateBusinessBodySchema,
  CreateModuleBodySchema,
  CreateSetBodySchema,
  UpdateBusinessBodySchema,
  UpdateModuleBodySchema,
  UpdateSetBodySchema,
} from '../../../contract/cmdb'
import type { Db, Tx } from '../../db/client'
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { BusinessRow, CmdbRepository, ModuleRow, SetRow } from './cmdb.repository'
import { uniqueOr } from '../../db/unique'
import type { MainlineRepository } from './mainline.repository'
import { refusal } from '../../../contract/refusal-text'

const bizDto = (b: BusinessRow) => ({ id: b.id, name: b.name, maintainer: b.maintainer, isDefault: b.isDefault })
const setDto = (s: SetRow) => ({
  id: s.id,
  bizId: s.bizId,
  name: s.name,
  description: s.description,
  builtin: s.builtin,
})
const moduleDto = (m: ModuleRow) => ({ id: m.id, bizId: m.bizId, setId: m.setId, name: m.name, kind: m.kind })

/**
 * Create, rename and delete businesses, sets and modules with BlueKing's rules: the built-in set and its
 * idle/fault modules are fixed, the default business stays, and nothing holding hosts can be deleted.
 */
export class MainlineService {
  constructor(
    private readonly db: Db,
    private readonly repo: CmdbRepository,
    private readonly writes: MainlineRepository,
    private readonly audit: AuditService,
  ) {}

  /** Runs a mutation and turns a unique-name clash into a 409 naming the field. */
  private mutate<T>(name: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return uniqueOr(this.db, () => new ConflictError(refusal('cmdb.name-taken', { name: String(name) })), fn)
  }

  async createBusiness(p: Principal, body: z.infer<typeof CreateBusinessBodySchema>, ctx: RequestContext) {
    return this.mutate(body.name, async (tx) => {
      const { biz } = await this.writes.insertBusinessTree(tx, p.tenantId, body)
      await this.audit.record(
        tx,
        p,
        { action: 'business.create', targetType: 'business', targetId: String(biz.id), after: bizDto(biz) },
        ctx,
      )
      return bizDto(biz)
    })
  }

  async updateBusiness(p: Principal, id: number, body: z.infer<typeof UpdateBusinessBodySchema>, ctx: RequestContext) {
    return this.mutate(body.name ?? '', async (tx) => {
      const before = await this.repo.business(p.tenantId, id, tx)
      if (!before) throw new NotFoundError(refusal('business.not-found', { biz: id }))
      const after = await this.writes.updateBusiness(tx, id, body)
      await this.audit.record(
        tx,
        p,
        {
          action: 'business.update',
          targetType: 'business',
          targetId: String(id),
          before: bizDto(before),
          after: bizDto(after),
        },
        ctx,
      )
      return bizDto(after)
    })
  }

  async deleteBusiness(p: Principal, id: number, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const biz = await this.repo.business(p.tenantId, id, tx)
      if (!biz) throw new NotFoundError(refusal('business.not-found', { biz: id }))
      if (biz.isDefault) throw new ConflictError(refusal('business.default'))
      if (await this.writes.holdsHosts(tx, { bizId: id }))
        throw new ConflictError(refusal('business.has-hosts', { biz: biz.name }))
      await this.writes.deleteBusiness(tx, id)
      await this.audit.record(
        tx,
        p,
        { action: 'business.delete', targetType: 'business', targetId: String(id), before: bizDto(biz) },
        ctx,
      )
    })
  }

  async createSet(p: Principal, body: z.infer<typeof CreateSetBodySchema>, ctx: RequestContext) {
    return this.mutate(body.name, async (tx) => {
      if (!(await this.repo.business(p.tenantId, body.bizId, tx))) {
        throw new ValidationError(refusal('business.missing', { biz: body.bizId }), [
          { path: 'body.bizId', message: 'no such business' },
        ])
      }
      const set = await this.writes.insertSet(tx, {
        tenantId: p.tenantId,
        bizId: body.bizId,
        name: body.name,
        description: body.description,
      })
      await this.audit.record(
        tx,
        p,
        { action: 'set.create', targetType: 'set', targetId: String(set.id), after: setDto(set) },
        ctx,
      )
      return setDto(set)
    })
  }

  async updateSet(p: Principal, id: number, body: z.infer<typeof UpdateSetBodySchema>, ctx: RequestContext) {
    return this.mutate(body.name ?? '', async (tx) => {
      const before = await this.repo.set(p.tenantId, id, tx)
      if (!before) throw new NotFoundError(refusal('set.not-found', { set: id }))
      if (before.builtin && body.name && body.name !== before.name)
        throw new ConflictError(refusal('set.builtin-rename'))
      const after = await this.writes.updateSet(tx, id, body)
      await this.audit.record(
        tx,
        p,
        { action: 'set.update', targetType: 'set', targetId: String(id), before: setDto(before), after: setDto(after) },
        ctx,
      )
      return setDto(after)
    })
  }

  async deleteSet(p: Principal, id: number, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const set = await this.repo.set(p.tenantId, id, tx)
      if (!set) throw new NotFoundError(refusal('set.not-found', { set: id }))
      if (set.builtin) throw new ConflictError(refusal('set.builtin-delete'))
      if (await this.writes.holdsHosts(tx, { setId: id }))
        throw new ConflictError(refusal('set.has-hosts', { set: set.name }))
      await this.writes.deleteSet(tx, id)
      await this.audit.record(
        tx,
        p,
        { action: 'set.delete', targetType: 'set', targetId: String(id), before: setDto(set) },
        ctx,
      )
    })
  }

  async createModule(p: Principal, body: z.infer<typeof CreateModuleBodySchema>, ctx: RequestContext) {
    return this.mutate(body.name, async (tx) => {
      const set = await this.repo.set(p.tenantId, body.setId, tx)
      if (!set)
        throw new ValidationError(refusal('set.missing', { set: body.setId }), [
          { path: 'body.setId', message: 'no such set' },
        ])
      if (set.builtin)
        throw new ValidationError(refusal('set.builtin-modules'), [{ path: 'body.setId', message: 'built-in set' }])
      const mod = await this.writes.insertModule(tx, {
        tenantId: p.tenantId,
        bizId: set.bizId,
        setId: set.id,
        name: body.name,
      })
      await this.audit.record(
        tx,
        p,
        { action: 'module.create', targetType: 'module', targetId: String(mod.id), after: moduleDto(mod) },
        ctx,
      )
      return moduleDto(mod)
    })
  }

  async updateModule(p: Principal, id: number, body: z.infer<typeof UpdateModuleBodySchema>, ctx: RequestContext) {
    return this.mutate(body.name, async (tx) => {
      const before = await this.repo.module(p.tenantId, id, tx)
      if (!before) throw new NotFoundError(refusal('module.not-found', { module: id }))
      if (before.kind !== 'normal')
        throw new ConflictError(refusal('module.builtin-rename', { moduleKind: before.kind }))
      const after = await this.writes.renameModule(tx, id, body.name)
      await this.audit.record(
        tx,
        p,
        {
          action: 'module.update',
          targetType: 'module',
          targetId: String(id),
          before: moduleDto(before),
          after: moduleDto(after),
        },
        ctx,
      )
      return moduleDto(after)
    })
  }

  async deleteModule(p: Principal, id: number, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const mod = await this.repo.module(p.tenantId, id, tx)
      if (!mod) throw new NotFoundError(refusal('module.not-found', { module: id }))
      if (mod.kind !== 'normal') throw new ConflictError(refusal('module.builtin-delete', { moduleKind: mod.kind }))
      if (await this.writes.holdsHosts(tx, { moduleId: id }))
        throw new ConflictError(refusal('module.has-hosts', { module: mod.name }))
      await this.writes.deleteModule(tx, id)
      await this.audit.record(
        tx,
        p,
        { action: 'module.delete', targetType: 'module', targetId: String(id), before: moduleDto(mod) },
        ctx,
      )
    })
  }
}
