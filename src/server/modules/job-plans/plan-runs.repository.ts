import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm'
import type { RunStatus } from '../../../contract/job-plans'
import type { Db, Tx } from '../../db/client'
import { type PlanRunRow, type PlanRunStepRow, planRuns, planRunSteps } from '../../db/schema'
import { selectPage } from '../../db/select-page'

export type NewPlanRunRow = typeof planRuns.$inferInsert
export type PlanRunPatch = Partial<NewPlanRunRow>
export type PlanRunStepPatch = Partial<typeof planRunSteps.$inferInsert>

/** Queries of plan_runs and plan_run_steps; the service and the run machine decide what moves. */
export class PlanRunsRepository {
  constructor(private readonly db: Db) {}

  async insert(tx: Tx, run: NewPlanRunRow, steps: Omit<typeof planRunSteps.$inferInsert, 'runId'>[]) {
    const [row] = await tx.insert(planRuns).values(run).returning()
    await tx.insert(planRunSteps).values(steps.map((s) => ({ ...s, runId: row!.id })))
    return row!
  }

  async update(tx: Tx, runId: string, values: PlanRunPatch) {
    await tx.update(planRuns).set(values).where(eq(planRuns.id, runId))
  }

  /** Changes steps of a run: the ones at `indexes`, or all of them. */
  async updateSteps(tx: Tx, runId: string, values: PlanRunStepPatch, indexes?: number[]) {
    await tx
      .update(planRunSteps)
      .set(values)
      .where(and(eq(planRunSteps.runId, runId), indexes ? inArray(planRunSteps.stepIndex, indexes) : undefined))
  }

  /** The run locked for update in `tx`, with its steps in order; null if there is none. */
  async lock(tx: Tx, runId: string): Promise<{ run: PlanRunRow; steps: PlanRunStepRow[] } | null> {
    const [run] = await tx.select().from(planRuns).where(eq(planRuns.id, runId)).for('update')
    if (!run) return null
    return { run, steps: await this.steps(runId, tx) }
  }

  /** The steps of one run, in order. */
  steps(runId: string, tx: Tx = this.db) {
    return tx.select().from(planRunSteps).where(eq(planRunSteps.runId, runId)).orderBy(asc(planRunSteps.stepIndex))
  }

  /** The steps of several runs, each run's in order. */
  stepsOf(runIds: string[]): Promise<PlanRunStepRow[]> {
    if (!runIds.length) return Promise.resolve([])
    return this.db
      .select()
      .from(planRunSteps)
      .where(inArray(planRunSteps.runId, runIds))
      .orderBy(asc(planRunSteps.stepIndex))
  }

  /** The run whose step follows the ticket `executeUuid`, if any. */
  async runIdOfTicket(tx: Tx, executeUuid: string) {
    const [s] = await tx
      .select({ runId: planRunSteps.runId })
      .from(planRunSteps)
      .where(eq(planRunSteps.executeUuid, executeUuid))
    return s?.runId
  }

  async byId(tenantId: string, runId: string): Promise<PlanRunRow | undefined> {
    const [run] = await this.db
      .select()
      .from(planRuns)
      .where(and(eq(planRuns.id, runId), eq(planRuns.tenantId, tenantId)))
    return run
  }

  /** Ids of the runs in `status`. */
  async idsWithStatus(status: RunStatus) {
    return (await this.db.select({ id: planRuns.id }).from(planRuns).where(eq(planRuns.status, status))).map(
      (r) => r.id,
    )
  }

  /** One page of the tenant's runs (newest first), of one plan or in one status when given. */
  page(tenantId: string, f: { planId?: string; status?: RunStatus; limit: number; offset: number }) {
    const conds: SQL[] = [eq(planRuns.tenantId, tenantId)]
    if (f.planId) conds.push(eq(planRuns.planId, f.planId))
    if (f.status) conds.push(eq(planRuns.status, f.status))
    return selectPage(this.db, planRuns, and(...conds), [desc(planRuns.createdAt)], f)
  }
}
