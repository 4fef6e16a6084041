import { eq } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { type ExecutionRequestRow, executionRequests } from '../../db/schema'

export type NewExecutionRequestRow = typeof executionRequests.$inferInsert
export type ExecutionRequestPatch = Partial<NewExecutionRequestRow>

/** Queries of execution_requests (console runs of HIGH-risk scripts waiting for an approval). */
export class ExecutionRequestsRepository {
  constructor(private readonly db: Db) {}

  async insert(tx: Tx, row: NewExecutionRequestRow): Promise<ExecutionRequestRow> {
    const [inserted] = await tx.insert(executionRequests).values(row).returning()
    return inserted!
  }

  async update(tx: Tx, id: string, values: ExecutionRequestPatch) {
    await tx.update(executionRequests).set(values).where(eq(executionRequests.id, id))
  }

  /** The request locked for update in `tx`, or null. */
  async lock(tx: Tx, id: string): Promise<ExecutionRequestRow | null> {
    const [row] = await tx.select().from(executionRequests).where(eq(executionRequests.id, id)).for('update')
    return row ?? null
  }

  /** The request an approval guards, locked for update in `tx` (the approval's row is locked first), or null. */
  async lockByApproval(tx: Tx, approvalId: string): Promise<ExecutionRequestRow | null> {
    const [row] = await tx
      .select()
      .from(executionRequests)
      .where(eq(executionRequests.approvalId, approvalId))
      .for('update')
    return row ?? null
  }

  async byId(id: string, tx: Tx = this.db): Promise<ExecutionRequestRow | null> {
    const [row] = await tx.select().from(executionRequests).where(eq(executionRequests.id, id))
    return row ?? null
  }
}
