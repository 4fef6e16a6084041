import { and, count, eq, gt, inArray, or } from 'drizzle-orm'
import { selectPage } from '../../db/select-page'
import type { Db, Tx } from '../../db/client'
import { accessKeys, sessions, tenants, users } from '../../db/schema'

export type UserRow = typeof users.$inferSelect
export type TenantRow = typeof tenants.$inferSelect

/** Queries of the identity tables; the services own the rules. */
export class IdentityRepository {
  constructor(private readonly db: Db) {}

  async tenantByName(name: string, tx: Tx = this.db) {
    return (await tx.select().from(tenants).where(eq(tenants.name, name)))[0]
  }

  async tenantById(id: string, tx: Tx = this.db) {
    return (await tx.select().from(tenants).where(eq(tenants.id, id)))[0]
  }

  /** A tenant by its id (a uuid) or its name, as `X-Project-Id` may carry either. */
  async tenantByIdOrName(project: string) {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(project)
    return isUuid
      ? ((await this.tenantById(project)) ?? (await this.tenantByName(project)))
      : this.tenantByName(project)
  }

  listTenants() {
    return this.db.select().from(tenants).orderBy(tenants.name)
  }

  /** Row lock on a tenant: serialises admin changes within it. */
  async lockTenant(tx: Tx, id: string) {
    await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, id)).for('update')
  }

  async insertTenant(tx: Tx, values: typeof tenants.$inferInsert) {
    return (await tx.insert(tenants).values(values).returning())[0]
  }

  async userByName(username: string, tx: Tx = this.db) {
    return (await tx.select().from(users).where(eq(users.username, username)))[0]
  }

  async userById(id: string, tx: Tx = this.db) {
    return (await tx.select().from(users).where(eq(users.id, id)))[0]
  }

  /** The tenant's users, all of them or those named by id or username. */
  tenantUsers(tenantId: string, named?: string[], tx: Tx = this.db) {
    const uuids = named?.filter((p) => /^[0-9a-f-]{36}$/i.test(p)) ?? []
    return tx
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        role: users.role,
        email: users.email,
        disabled: users.disabled,
      })
      .from(users)
      .where(
        and(
          eq(users.tenantId, tenantId),
          named ? or(inArray(users.username, named), ...(uuids.length ? [inArray(users.id, uuids)] : [])) : undefined,
        ),
      )
  }

  /** Users of a tenant among `ids` (unknown and foreign ids are left out). */
  async usersByIds(tenantId: string, ids: string[], tx: Tx = this.db) {
    if (!ids.length) return []
    return tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), inArray(users.id, [...new Set(ids)])))
  }

  /** Enabled users of a tenant by name (people to put on call). */
  async enabledUsers(tenantId: string) {
    return this.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.disabled, false)))
      .orderBy(users.username)
  }

  async listUsers(tenantId: string, page: number, pageSize: number) {
    return selectPage(this.db, users, eq(users.tenantId, tenantId), [users.username], {
      limit: pageSize,
      offset: (page - 1) * pageSize,
    })
  }

  /** Enabled users of a tenant holding one of `roles` (approvers by role). */
  async enabledWithRoles(tenantId: string, roles: UserRow['role'][], tx: Tx = this.db) {
    if (!roles.length) return []
    return tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.disabled, false), inArray(users.role, roles)))
  }

  /** Enabled users holding `role`, in one tenant or (no tenant given) anywhere. */
  async countEnabled(role: UserRow['role'], tenantId?: string, tx: Tx = this.db) {
    const cond = and(
      eq(users.role, role),
      eq(users.disabled, false),
      tenantId ? eq(users.tenantId, tenantId) : undefined,
    )
    return (await tx.select({ n: count() }).from(users).where(cond))[0].n
  }

  async insertUser(tx: Tx, values: typeof users.$inferInsert) {
    return (await tx.insert(users).values(values).returning())[0]
  }

  async updateUser(tx: Tx, id: string, values: Partial<typeof users.$inferInsert>) {
    return (
      await tx
        .update(users)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(users.id, id))
        .returning()
    )[0]
  }

  async insertSession(tx: Tx, values: typeof sessions.$inferInsert) {
    return (await tx.insert(sessions).values(values).returning())[0]
  }

  /** A live (unexpired) session or token with its user and tenant. */
  async liveSession(tokenHash: string, kind: 'console' | 'iam') {
    return (
      await this.db
        .select({ session: sessions, user: users, tenant: tenants })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .innerJoin(tenants, eq(tenants.id, sessions.tenantId))
        .where(and(eq(sessions.tokenHash, tokenHash), eq(sessions.kind, kind), gt(sessions.expiresAt, new Date())))
    )[0]
  }

  async deleteSession(tx: Tx, id: string) {
    await tx.delete(sessions).where(eq(sessions.id, id))
  }

  async deleteSessionsOfUser(tx: Tx, userId: string) {
    await tx.delete(sessions).where(eq(sessions.userId, userId))
  }

  async accessKeyWithUser(accessKey: string) {
    return (
      await this.db
        .select({ key: accessKeys, user: users, tenant: tenants })
        .from(accessKeys)
        .innerJoin(users, eq(users.id, accessKeys.userId))
        .innerJoin(tenants, eq(tenants.id, users.tenantId))
        .where(eq(accessKeys.accessKey, accessKey))
    )[0]
  }

  listAccessKeys(userId: string) {
    return this.db.select().from(accessKeys).where(eq(accessKeys.userId, userId)).orderBy(accessKeys.createdAt)
  }

  async insertAccessKey(tx: Tx, values: typeof accessKeys.$inferInsert) {
    return (await tx.insert(accessKeys).values(values).onConflictDoNothing().returning())[0]
  }

  async deleteAccessKey(tx: Tx, userId: string, accessKey: string) {
    return (
      await tx
        .delete(accessKeys)
        .where(and(eq(accessKeys.userId, userId), eq(accessKeys.accessKey, accessKey)))
        .returning()
    )[0]
  }

  async touchAccessKey(accessKey: string) {
    await this.db.update(accessKeys).set({ lastUsedAt: new Date() }).where(eq(accessKeys.accessKey, accessKey))
  }
}
