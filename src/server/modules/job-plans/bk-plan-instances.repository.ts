import { and, asc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { jobPlans, jobPlanVersions, planRuns, planRunSteps } from '../../db/schema'

/** Reads of plan runs as BlueKing job instances (by bk_instance_id), with their plan's ids and version. */
export class BkPlanInstancesRepository {
  constructor(private readonly db: Db) {}

  /** The run of the tenant whose job_instance_id is `instanceId`, with its steps in order; null if none. */
  async runByInstance(tenantId: string, instanceId: number) {
    const [run] = await this.db
      .select()
      .from(planRuns)
      .where(and(eq(planRuns.tenantId, tenantId), eq(planRuns.bkInstanceId, instanceId)))
    if (!run) return null
    const steps = await this.db
      .select()
      .from(planRunSteps)
      .where(eq(planRunSteps.runId, run.id))
      .orderBy(asc(planRunSteps.stepIndex))
    return { run, steps }
  }

  /** The stored definition of a plan version, if it is still there. */
  async versionDefinition(planId: string, version: number) {
    const [v] = await this.db
      .select({ definition: jobPlanVersions.definition })
      .from(jobPlanVersions)
      .where(and(eq(jobPlanVersions.planId, planId), eq(jobPlanVersions.version, version)))
    return v?.definition
  }

  /** A plan's bk_job_id (get_job_list's id), if the plan still exists. */
  async bkJobId(planId: string) {
    const [p] = await this.db.select({ n: jobPlans.bkJobId }).from(jobPlans).where(eq(jobPlans.id, planId))
    return p?.n
  }
}
