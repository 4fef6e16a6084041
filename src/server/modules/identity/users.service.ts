import { randomBytes } from 'node:crypto'
import type { z } from 'zod'
import {
  type CreateTenantBodySchema,
  type CreateUserBodySchema,
  hasPermission,
  isAdminRole,
  type UpdateUserBodySchema,
} from '../../../contract/identity'
import type { Db, Tx } from '../../db/client'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'
import { hashPassword } from '../../lib/passwords'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { IdentityRepository } from './identity.repository'
import type { PrincipalCache } from './principal-cache'
import { toUserDto } from './user-dto'
import { refusal } from '../../../contract/refusal-text'

type Actor = Parameters<AuditService['record']>[1]

const isPlatformAdmin = (p: Principal) => hasPermission(p.role, 'platform:manage')

/**
 * Users, tenants and access keys. Tenant admins manage the users of their own tenant only; platform admins
 * also create tenants and users anywhere. Changes are audited in the affected tenant's log and, when a
 * platform admin makes them, in the platform log (tenant_id NULL) too.
 */
export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly repo: IdentityRepository,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly principals: PrincipalCache,
  ) {}

  /** Lookups for other modules (approvers, confirmers, the user a background run acts as). */
  userById(id: string, tx?: Tx) {
    return this.repo.userById(id, tx)
  }

  userByName(username: string, tx?: Tx) {
    return this.repo.userByName(username, tx)
  }

  tenantById(id: string, tx?: Tx) {
    return this.repo.tenantById(id, tx)
  }

  enabledWithRoles(tenantId: string, roles: Parameters<IdentityRepository['enabledWithRoles']>[1], tx?: Tx) {
    return this.repo.enabledWithRoles(tenantId, roles, tx)
  }

  async list(principal: Principal, page: number, pageSize: number) {
    const { rows, total } = await this.repo.listUsers(principal.tenantId, page, pageSize)
    return { items: rows.map((u) => toUserDto(u, { name: principal.tenantName })), total, page, pageSize }
  }

  /**
   * A user created through the API: a tenant admin may create users only in their own tenant and never a
   * platform admin (issue 13 #4: a tenant-B admin created an admin in `default`).
   */
  async createFor(principal: Principal, body: z.infer<typeof CreateUserBodySchema>, ctx: RequestContext) {
    const platform = isPlatformAdmin(principal)
    if (!platform && body.tenantId && body.tenantId !== principal.tenantId)
      throw new ForbiddenError(refusal('user.other-tenant'))
    if (!platform && body.role === 'platform_admin') throw new ForbiddenError(refusal('user.create-platform-admin'))
    return this.create(principal, principal.tenantId, body, ctx, undefined, platform)
  }

  /** Creates a user; `tx` lets bootstrap create several in one transaction. */
  async create(
    actor: Actor,
    tenantId: string,
    body: z.infer<typeof CreateUserBodySchema>,
    ctx?: RequestContext,
    tx?: Tx,
    platformLog = false,
  ) {
    const run = async (t: Tx) => {
      if (await this.repo.userByName(body.username, t))
        throw new ConflictError(refusal('user.exists', { user: body.username }))
      const tenant = await this.repo.tenantById(body.tenantId ?? tenantId, t)
      if (!tenant)
        throw new ValidationError(refusal('user.unknown-tenant'), [{ path: 'tenantId', message: 'no such tenant' }])
      const user = await this.repo.insertUser(t, {
        tenantId: tenant.id,
        username: body.username,
        displayName: body.displayName,
        email: body.email ?? null,
        role: body.role,
        passwordHash: await hashPassword(body.password),
      })
      const dto = toUserDto(user, tenant)
      const event = { action: 'user.create', targetType: 'user', targetId: user.id, after: dto }
      await this.audit.recordMany(t, [
        { actor: { ...actor, tenantId: tenant.id }, event, ctx },
        ...(platformLog ? [{ actor: { ...actor, tenantId: null }, event, ctx }] : []),
      ])
      return dto
    }
    return tx ? run(tx) : this.db.transaction(run)
  }

  async update(principal: Principal, userId: string, body: z.infer<typeof UpdateUserBodySchema>, ctx: RequestContext) {
    const dto = await this.db.transaction(async (tx) => {
      // One admin change per tenant at a time, so two concurrent demotions cannot both pass the guard.
      await this.repo.lockTenant(tx, principal.tenantId)
      const before = await this.repo.userById(userId, tx)
      if (!before || before.tenantId !== principal.tenantId)
        throw new NotFoundError(refusal('user.not-found', { user: userId }))
      const platform = isPlatformAdmin(principal)
      if (!platform && (before.role === 'platform_admin' || body.role === 'platform_admin'))
        throw new ForbiddenError(refusal('user.change-platform-admin'))
      const losesRole = (role: 'admin' | 'platform_admin') =>
        before.role === role && !before.disabled && ((body.role && body.role !== role) || body.disabled === true)
      // Per tenant: the tenant keeps at least one enabled admin (a platform admin living there counts).
      if (isAdminRole(before.role) && (losesRole('admin') || losesRole('platform_admin'))) {
        const admins =
          (await this.repo.countEnabled('admin', before.tenantId, tx)) +
          (await this.repo.countEnabled('platform_admin', before.tenantId, tx))
        const staysAdmin = body.disabled !== true && body.role !== undefined && isAdminRole(body.role)
        if (admins <= 1 && !staysAdmin) throw new ForbiddenError(refusal('user.last-admin'))
      }
      if (losesRole('platform_admin') && (await this.repo.countEnabled('platform_admin', undefined, tx)) <= 1)
        throw new ForbiddenError(refusal('user.last-platform-admin'))
      const { password, ...rest } = body
      const after = await this.repo.updateUser(tx, userId, {
        ...rest,
        ...(password ? { passwordHash: await hashPassword(password) } : {}),
      })
      // A new password or a disabled account ends every open session and token of that user.
      if (password || body.disabled) await this.repo.deleteSessionsOfUser(tx, userId)
      const tenant = { name: principal.tenantName }
      const event = {
        action: 'user.update',
        targetType: 'user',
        targetId: userId,
        before: toUserDto(before, tenant),
        after: { ...toUserDto(after, tenant), ...(password ? { password: 'changed' } : {}) },
      }
      await this.audit.recordMany(tx, [
        { actor: principal, event, ctx },
        ...(platform ? [{ actor: { ...principal, tenantId: null }, event, ctx }] : []),
      ])
      return toUserDto(after, tenant)
    })
    // After the commit: a cached principal must not outlive the role, password or disabled change here.
    this.principals.forgetUser(userId)
    return dto
  }

  /**
   * The tenant's users, for other modules: all of them, or those `named` by id or username (incident,
   * war-room and reviewer fields hold either).
   */
  async tenantUsers(tenantId: string, named?: string[], tx?: Tx) {
    if (named && !named.length) return []
    return this.repo.tenantUsers(tenantId, named, tx)
  }

  async listTenants() {
    return (await this.repo.listTenants()).map((t) => ({
      id: t.id,
      name: t.name,
      description: t.description,
      createdAt: t.createdAt.toISOString(),
    }))
  }

  async createTenant(actor: Actor, body: z.infer<typeof CreateTenantBodySchema>, ctx?: RequestContext) {
    return this.db.transaction(async (tx) => {
      if (await this.repo.tenantByName(body.name, tx))
        throw new ConflictError(refusal('tenant.exists', { tenant: body.name }))
      const t = await this.repo.insertTenant(tx, { name: body.name, description: body.description })
      const dto = { id: t.id, name: t.name, description: t.description, createdAt: t.createdAt.toISOString() }
      const event = { action: 'tenant.create', targetType: 'tenant', targetId: t.id, after: dto }
      // The new tenant's own log starts with its creation; the platform log keeps every tenant change.
      await this.audit.recordMany(tx, [
        { actor: { ...actor, tenantId: t.id }, event, ctx },
        { actor: { ...actor, tenantId: null }, event, ctx },
      ])
      return dto
    })
  }

  async listAccessKeys(principal: Principal) {
    return (await this.repo.listAccessKeys(principal.userId)).map((k) => ({
      accessKey: k.accessKey,
      userId: k.userId,
      description: k.description,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    }))
  }

  /**
   * Creates an AK/SK pair for `userId`. Given values (bootstrap) are kept; otherwise a 20-char upper-case AK
   * and a 40-char SK are generated, like Huawei Cloud's. The SK is only returned here.
   */
  async createAccessKey(
    actor: Actor,
    userId: string,
    description: string,
    ctx?: RequestContext,
    given?: { ak: string; sk: string },
  ) {
    const ak =
      given?.ak ??
      randomBytes(15)
        .toString('base64url')
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, 'X')
        .slice(0, 20)
    const sk = given?.sk ?? randomBytes(30).toString('base64url').slice(0, 40)
    return this.db.transaction(async (tx) => {
      const row = await this.repo.insertAccessKey(tx, {
        accessKey: ak,
        userId,
        secretEnc: this.keyring.encrypt(sk),
        description,
      })
      if (!row) throw new ConflictError(refusal('access-key.exists', { key: ak }))
      await this.audit.record(
        tx,
        actor,
        {
          action: 'access-key.create',
          targetType: 'access-key',
          targetId: ak,
          after: { accessKey: ak, userId, description },
        },
        ctx,
      )
      return {
        accessKey: ak,
        secretKey: sk,
        userId,
        description,
        createdAt: row.createdAt.toISOString(),
        lastUsedAt: null,
      }
    })
  }

  async deleteAccessKey(principal: Principal, accessKey: string, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const row = await this.repo.deleteAccessKey(tx, principal.userId, accessKey)
      if (!row) throw new NotFoundError(refusal('access-key.not-found', { key: accessKey }))
      await this.audit.record(
        tx,
        principal,
        { action: 'access-key.delete', targetType: 'access-key', targetId: accessKey },
        ctx,
      )
    })
  }
}
