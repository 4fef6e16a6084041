import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db/client'
import { agentCredentials, agentSessions, agentTokens } from '../db/schema'

export type TokenRow = typeof agentTokens.$inferSelect
export type NewToken = Omit<typeof agentTokens.$inferInsert, 'id' | 'createdAt' | 'revokedAt' | 'lastUsedAt'>
export type CredentialRow = typeof agentCredentials.$inferSelect

/**
 * Queries of the agent gateway's tables: agent_tokens (enrollment tokens), agent_credentials (each enrolled
 * agent's own secret) and agent_sessions (which replica holds each agent's socket). The services own hashing,
 * expiry and who may revoke what; the dispatch owns the routing.
 */
export class AgentsRepository {
  constructor(private readonly db: Db) {}

  // ---- enrollment tokens ----

  tokens(tenantId: string) {
    return this.db
      .select()
      .from(agentTokens)
      .where(eq(agentTokens.tenantId, tenantId))
      .orderBy(desc(agentTokens.createdAt))
  }

  async insertToken(tx: Tx, values: NewToken): Promise<TokenRow> {
    const [row] = await tx.insert(agentTokens).values(values).returning()
    return row
  }

  /** Revokes a live token of the tenant; undefined when there is none. */
  async revokeToken(tx: Tx, tenantId: string, id: string): Promise<TokenRow | undefined> {
    const [row] = await tx
      .update(agentTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(agentTokens.id, id), eq(agentTokens.tenantId, tenantId), isNull(agentTokens.revokedAt)))
      .returning()
    return row
  }

  async revokeTokensByDescription(tenantId: string, description: string) {
    await this.db
      .update(agentTokens)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(agentTokens.tenantId, tenantId),
          eq(agentTokens.description, description),
          isNull(agentTokens.revokedAt),
        ),
      )
  }

  async tokenByHash(tokenHash: string): Promise<TokenRow | undefined> {
    const [row] = await this.db.select().from(agentTokens).where(eq(agentTokens.tokenHash, tokenHash))
    return row
  }

  async touchToken(id: string) {
    await this.db.update(agentTokens).set({ lastUsedAt: new Date() }).where(eq(agentTokens.id, id))
  }

  // ---- agent credentials ----

  async credential(agentSn: string, tx: Tx = this.db): Promise<CredentialRow | undefined> {
    const [row] = await tx.select().from(agentCredentials).where(eq(agentCredentials.agentSn, agentSn))
    return row
  }

  /** One credential of the tenant. */
  async tenantCredential(tenantId: string, agentSn: string): Promise<CredentialRow | undefined> {
    const [row] = await this.db
      .select()
      .from(agentCredentials)
      .where(and(eq(agentCredentials.agentSn, agentSn), eq(agentCredentials.tenantId, tenantId)))
    return row
  }

  async touchCredential(agentSn: string) {
    await this.db.update(agentCredentials).set({ lastUsedAt: new Date() }).where(eq(agentCredentials.agentSn, agentSn))
  }

  /** Inserts the credential unless the agent_sn has one (live or revoked); whether it was inserted. */
  async insertCredential(
    tx: Tx,
    values: { agentSn: string; tenantId: string; secretHash: string; enrolledWith: string },
  ): Promise<boolean> {
    const inserted = await tx
      .insert(agentCredentials)
      .values(values)
      .onConflictDoNothing({ target: agentCredentials.agentSn })
      .returning({ agentSn: agentCredentials.agentSn })
    return inserted.length > 0
  }

  /** Revokes a live credential of the tenant; undefined when there is none. */
  async revokeCredential(
    tx: Tx,
    tenantId: string,
    agentSn: string,
    revokedBy: string,
  ): Promise<CredentialRow | undefined> {
    const [row] = await tx
      .update(agentCredentials)
      .set({ revokedAt: new Date(), revokedBy })
      .where(
        and(
          eq(agentCredentials.agentSn, agentSn),
          eq(agentCredentials.tenantId, tenantId),
          isNull(agentCredentials.revokedAt),
        ),
      )
      .returning()
    return row
  }

  /** Which of these agent_sns are revoked. */
  async revokedAmong(agentSns: string[]): Promise<string[]> {
    const rows = await this.db
      .select({ agentSn: agentCredentials.agentSn })
      .from(agentCredentials)
      .where(and(inArray(agentCredentials.agentSn, agentSns), isNotNull(agentCredentials.revokedAt)))
    return rows.map((r) => r.agentSn)
  }

  // ---- agent sessions (which replica holds the socket) ----

  /** The agent's socket is held by `replicaId` (now): the row is made or moved there. */
  async holdSession(agentSn: string, tenantId: string, replicaId: string) {
    await this.db
      .insert(agentSessions)
      .values({ agentSn, tenantId, replicaId })
      .onConflictDoUpdate({ target: agentSessions.agentSn, set: { tenantId, replicaId, connectedAt: new Date() } })
  }

  /** Drops the agent's session if `replicaId` holds it; whether it did. */
  async dropSession(agentSn: string, replicaId: string) {
    const gone = await this.db
      .delete(agentSessions)
      .where(and(eq(agentSessions.agentSn, agentSn), eq(agentSessions.replicaId, replicaId)))
      .returning({ sn: agentSessions.agentSn })
    return gone.length > 0
  }

  /** Drops every session `replicaId` holds (the replica stops). */
  async dropReplicaSessions(replicaId: string) {
    await this.db.delete(agentSessions).where(eq(agentSessions.replicaId, replicaId))
  }

  /** The replica recorded as holding the agent's socket, if any. */
  async sessionReplica(agentSn: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ replicaId: agentSessions.replicaId })
      .from(agentSessions)
      .where(eq(agentSessions.agentSn, agentSn))
    return row?.replicaId
  }

  /** How many agents' WebSockets each replica holds (every tenant's). */
  async sessionsByReplica(): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ replicaId: agentSessions.replicaId, n: sql<number>`count(*)`.mapWith(Number) })
      .from(agentSessions)
      .groupBy(agentSessions.replicaId)
    return new Map(rows.map((r) => [r.replicaId, r.n]))
  }
}
