import { and, asc, eq, gte, ilike, lte, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import {
  BK_ERRORS,
  BK_JOB_STATUS,
  BK_SCRIPT_TYPES,
  bkJobStatus,
  bkTime,
  type JobInstanceParamsSchema,
  splitShellWords,
} from '../../../contract/bk-job'
import {
  BK_STEP_TYPES,
  BK_VAR_TYPES,
  type CronListParamsSchema,
  type ExecuteJobParamsSchema,
  type ExecuteJobStep,
  type JobDetailParamsSchema,
  type JobListParamsSchema,
  type SaveCronParamsSchema,
  type UpdateCronStatusParamsSchema,
} from '../../../contract/bk-plans'
import { hasPermission, type Permission } from '../../../contract/identity'
import {
  type PlanDefinition,
  type PlanStep,
  type RunStatus,
  type StepStatus,
  splitHosts,
  stepHosts,
} from '../../../contract/job-plans'
import type { Db, Tx } from '../../db/client'
import {
  type BkAppRow,
  type JobPlanRow,
  jobPlans,
  jobPlanVersions,
  type PlanRunRow,
  planRuns,
  planRunSteps,
  planSchedules,
  type ScheduleRow,
} from '../../db/schema'
import { BkError } from '../../lib/errors'
import { containsPattern } from '../../lib/like'
import type { Principal, RequestContext } from '../../lib/principal'
import { type BkJobService, decodeBase64, seconds } from '../bk-job/bk-job.service'
import type { ExecutionsService } from '../executions/executions.service'
import type { FilesService } from '../files/files.service'
import type { ScriptsService } from '../scripts/scripts.service'
import type { SchedulesService } from './schedules.service'
import type { PlanRunsService } from './plan-runs.service'

type P<S extends z.ZodType> = z.output<S>

function need(principal: Principal, permission: Permission) {
  if (!hasPermission(principal.role, permission))
    throw new BkError(
      `User ${principal.username} (role ${principal.role}) may not do this (needs ${permission})`,
      BK_ERRORS.forbidden,
    )
}

const invalid = (message: string): never => {
  throw new BkError(message, BK_ERRORS.invalidParam)
}

const TERMINAL_RUN: RunStatus[] = ['finished', 'failed', 'canceled', 'rejected']

/** A run's status as a BlueKing job status (a rejected approval ends the run by a person's hand: 8). */
export function bkRunStatus(status: RunStatus): number {
  switch (status) {
    case 'waiting_approval':
    case 'waiting':
      return BK_JOB_STATUS.waitingUser
    case 'running':
      return BK_JOB_STATUS.running
    case 'finished':
      return BK_JOB_STATUS.success
    case 'failed':
      return BK_JOB_STATUS.failed
    case 'canceled':
    case 'rejected':
      return BK_JOB_STATUS.endedManually
  }
}

/** A run step's status as a BlueKing step status. */
export function bkRunStepStatus(status: StepStatus): number {
  switch (status) {
    case 'pending':
      return BK_JOB_STATUS.notRun
    case 'running':
      return BK_JOB_STATUS.running
    case 'waiting':
      return BK_JOB_STATUS.waitingUser
    case 'finished':
      return BK_JOB_STATUS.success
    case 'failed':
      return BK_JOB_STATUS.failed
    case 'ignored':
      return BK_JOB_STATUS.errorIgnored
    case 'canceled':
      return BK_JOB_STATUS.endedManually
  }
}

const dayStart = (d: string) => new Date(`${d}T00:00:00Z`)
const dayEnd = (d: string) => new Date(`${d}T23:59:59.999Z`)

/**
 * The BlueKing job API over plans and schedules: thin, each call checks the business and the user's role,
 * then uses the plans, runs and schedules services (their rules apply: validation, review, paused start).
 * Plans are not per business here: any business of the app's project sees the project's plans.
 */
export class BkPlansService {
  constructor(
    private readonly db: Db,
    private readonly bkJob: BkJobService,
    private readonly runs: PlanRunsService,
    private readonly schedules: SchedulesService,
    private readonly scripts: ScriptsService,
    private readonly files: FilesService,
    private readonly executions: ExecutionsService,
  ) {}

  private async plan(principal: Principal, bkJobId: number): Promise<JobPlanRow> {
    const [row] = await this.db
      .select()
      .from(jobPlans)
      .where(and(eq(jobPlans.tenantId, principal.tenantId), eq(jobPlans.bkJobId, bkJobId)))
    if (!row) throw new BkError(`bk_job_id ${bkJobId} does not exist`, BK_ERRORS.notFound)
    return row
  }

  private summary(row: JobPlanRow, bizId: number) {
    return {
      bk_biz_id: bizId,
      bk_job_id: row.bkJobId,
      name: row.name,
      creator: row.creatorName,
      create_time: bkTime(row.createdAt),
      last_modify_user: row.updatedBy,
      last_modify_time: bkTime(row.updatedAt),
      tag_id: '',
      step_num: row.definition.steps.length,
    }
  }

  async jobList(principal: Principal, p: P<typeof JobListParamsSchema>) {
    await this.bkJob.business(principal, p.bk_biz_id)
    const conds: SQL[] = [eq(jobPlans.tenantId, principal.tenantId)]
    if (p.creator) conds.push(eq(jobPlans.creatorName, p.creator))
    if (p.name) conds.push(ilike(jobPlans.name, containsPattern(p.name)))
    if (p.last_modify_user) conds.push(eq(jobPlans.updatedBy, p.last_modify_user))
    if (p.create_time_start) conds.push(gte(jobPlans.createdAt, dayStart(p.create_time_start)))
    if (p.create_time_end) conds.push(lte(jobPlans.createdAt, dayEnd(p.create_time_end)))
    const q = this.db
      .select()
      .from(jobPlans)
      .where(and(...conds))
      .orderBy(asc(jobPlans.bkJobId))
      .offset(p.start)
    const rows = p.length ? await q.limit(p.length) : await q
    return rows.map((r) => this.summary(r, p.bk_biz_id))
  }

  async jobDetail(principal: Principal, p: P<typeof JobDetailParamsSchema>) {
    await this.bkJob.business(principal, p.bk_biz_id)
    const row = await this.plan(principal, p.bk_job_id)
    const def = row.definition
    const defaults = Object.fromEntries(def.variables.map((v) => [v.name, v.type === 'hosts' ? v.default : '']))
    const ips = (ids: string[]) => this.bkJob.ipsOf(principal.tenantId, ids)
    const stepIdsOf = (name: string) =>
      def.steps.flatMap((s, i) =>
        (s.kind === 'script' || s.kind === 'file') && s.hosts.variable === name ? [i + 1] : [],
      )
    return {
      ...this.summary(row, p.bk_biz_id),
      global_vars: await Promise.all(
        def.variables.map(async (v, i) => ({
          id: i + 1,
          type: BK_VAR_TYPES[v.type],
          category: v.type === 'hosts' ? 3 : 1,
          name: v.name,
          description: v.description,
          ...(v.type === 'hosts'
            ? { ip_list: await ips(splitHosts(v.default)), step_ids: stepIdsOf(v.name) }
            : { value: v.type === 'sensitive' ? '' : v.default }),
        })),
      ),
      steps: await Promise.all(
        def.steps.map(async (s, i) => ({
          step_id: i + 1,
          type: BK_STEP_TYPES[s.kind],
          name: s.name,
          order: i + 1,
          block_order: i + 1,
          block_name: s.name,
          creator: row.creatorName,
          last_modify_user: row.updatedBy,
          create_time: bkTime(row.createdAt),
          last_modify_time: bkTime(row.updatedAt),
          pause: s.kind === 'confirm' || s.kind === 'approval' ? 1 : 0,
          ...(await this.stepDetail(principal, s)),
          ip_list: s.kind === 'script' || s.kind === 'file' ? await ips(stepHosts(s, def.hosts, defaults)) : [],
        })),
      ),
    }
  }

  /** get_job_detail's kind-specific fields of a step: the script (id, type, content, parameters) or files. */
  private async stepDetail(principal: Principal, s: PlanStep) {
    if (s.kind === 'script') {
      const script = await this.scripts.byUuid(principal.tenantId, s.scriptUuid)
      return {
        script_id: script?.id ?? 0,
        script_type: script ? BK_SCRIPT_TYPES[script.type] : 1,
        script_content: script?.content ?? '',
        script_param: s.params.map((x) => (x.variable ? `\${${x.variable}}` : (x.value ?? ''))).join(' '),
        script_timeout: s.timeout,
        account: s.executeUser,
        is_param_sensitive: 0,
        db_account_id: 0,
      }
    }
    if (s.kind === 'file') {
      const { found } = await this.files.resolve(principal, s.fileIds)
      return {
        file_target_path: s.targetPath,
        account: s.owner,
        db_account_id: 0,
        file_source: [{ files: found.map((f) => f.name), account: s.owner, file_type: 2 }],
      }
    }
    return {}
  }

  /**
   * execute_job's `steps`: only the listed steps run (in the plan's order), each with its overrides; approval
   * steps cannot be left out (that would skip a required approval).
   */
  private async customize(
    principal: Principal,
    bizId: number,
    def: PlanDefinition,
    given: ExecuteJobStep[],
  ): Promise<PlanDefinition> {
    const byId = new Map<number, ExecuteJobStep>()
    for (const g of given) {
      if (!def.steps[g.step_id - 1])
        invalid(`steps: step_id ${g.step_id} does not exist (the plan has ${def.steps.length} steps)`)
      if (byId.has(g.step_id)) invalid(`steps: step_id ${g.step_id} is given twice`)
      byId.set(g.step_id, g)
    }
    const kept: PlanStep[] = []
    for (const [i, step] of def.steps.entries()) {
      const g = byId.get(i + 1)
      if (!g) {
        if (step.kind === 'approval')
          invalid(`steps: step_id ${i + 1} (${step.name}) is an approval step and cannot be left out`)
        continue
      }
      kept.push(await this.customizeStep(principal, bizId, step, g))
    }
    return { ...def, steps: kept }
  }

  private async customizeStep(
    principal: Principal,
    bizId: number,
    step: PlanStep,
    g: ExecuteJobStep,
  ): Promise<PlanStep> {
    const at = `steps: step_id ${g.step_id} (${step.name})`
    const scriptFields = ['script_id', 'script_type', 'script_content', 'script_param', 'script_timeout'] as const
    const fileFields = ['file_target_path', 'file_source'] as const
    const hostFields = ['ip_list', 'custom_query_id', 'account'] as const
    const present = (names: readonly (keyof ExecuteJobStep)[]) => names.filter((n) => g[n] !== undefined)
    if (g.db_account_id !== undefined) invalid(`${at}: db_account_id: there are no SQL steps here`)
    if (step.kind === 'confirm' || step.kind === 'approval') {
      const extra = present([...scriptFields, ...fileFields, ...hostFields])
      if (extra.length) invalid(`${at} is a ${step.kind} step: ${extra.join(', ')} cannot be set`)
      return step
    }
    const hosts =
      g.ip_list?.length || g.custom_query_id?.length
        ? { resourceIds: await this.bkJob.targets(principal, bizId, g.ip_list ?? [], g.custom_query_id) }
        : step.hosts
    if (step.kind === 'file') {
      const extra = present(scriptFields)
      if (extra.length) invalid(`${at} is a file step: ${extra.join(', ')} cannot be set`)
      let fileIds = step.fileIds
      if (g.file_source) {
        const refs: string[] = []
        for (const [j, src] of g.file_source.entries()) {
          if (src.file_type !== 2 || src.ip_list?.length || src.custom_query_id?.length)
            invalid(
              `${at}: file_source[${j}]: a plan's file step pushes files of the file library (file_type 2, ids or names), not files of source hosts`,
            )
          refs.push(...src.files)
        }
        const { found, missing } = await this.files.resolve(principal, refs)
        if (missing.length)
          throw new BkError(`${at}: files not found in the file library: ${missing.join(', ')}`, BK_ERRORS.notFound)
        fileIds = found.map((f) => f.id)
      }
      return {
        ...step,
        fileIds,
        targetPath: g.file_target_path ?? step.targetPath,
        owner: g.account ?? step.owner,
        hosts,
      }
    }
    const extra = present(fileFields)
    if (extra.length) invalid(`${at} is a script step: ${extra.join(', ')} cannot be set`)
    let scriptUuid = step.scriptUuid
    let params = step.params
    if (g.script_id !== undefined) {
      const script = await this.scripts.byId(principal, g.script_id)
      if (!script) throw new BkError(`${at}: script ${g.script_id} not found`, BK_ERRORS.notFound)
      if (script.status !== 'APPROVED')
        invalid(`${at}: script ${script.name} is ${script.status}; only APPROVED scripts can be executed`)
      if (script.uuid !== scriptUuid) params = []
      scriptUuid = script.uuid
    } else if (g.script_content !== undefined)
      invalid(
        `${at}: plan steps run reviewed library scripts; give script_id (script_content alone is not run in a plan)`,
      )
    if (g.script_param !== undefined) {
      const args = splitShellWords(decodeBase64(g.script_param, 'script_param'))
      if (args === null) invalid(`${at}: script_param has an unterminated quote`)
      const script = await this.scripts.byUuid(principal.tenantId, scriptUuid)
      const ordered = [...(script?.params ?? [])].sort((a, b) => a.param_order - b.param_order)
      if (args!.length > ordered.length)
        invalid(`${at}: script ${script?.name} takes ${ordered.length} parameters, ${args!.length} given`)
      const secret = ordered.findIndex((d, k) => k < args!.length && d.sensitive)
      if (secret >= 0) invalid(`${at}: parameter ${secret + 1} (${ordered[secret]!.param_name}) is sensitive`)
      const rest = params.filter((x) => !ordered.slice(0, args!.length).some((d) => d.param_name === x.name))
      params = [...args!.map((value, k) => ({ name: ordered[k]!.param_name, value })), ...rest]
    }
    return {
      ...step,
      scriptUuid,
      params,
      timeout: g.script_timeout ?? step.timeout,
      executeUser: g.account ?? step.executeUser,
      hosts,
    }
  }

  /**
   * Starts a run with the given global variables (by id or name; host lists by ip_list and custom_query_id),
   * else the defaults; `steps` picks and customises steps; the run is recorded as the API's job instance with
   * its bk_callback_url (delivered when the run ends).
   */
  async executeJob(principal: Principal, app: BkAppRow, p: P<typeof ExecuteJobParamsSchema>, ctx: RequestContext) {
    need(principal, 'executions:run')
    await this.bkJob.business(principal, p.bk_biz_id)
    const row = await this.plan(principal, p.bk_job_id)
    const vars = row.definition.variables
    const values: Record<string, string> = {}
    for (const g of p.global_vars) {
      const v = g.id !== undefined ? vars[g.id - 1] : vars.find((x) => x.name === g.name)
      if (!v)
        throw new BkError(
          `global variable ${g.id ?? g.name} does not exist in job ${p.bk_job_id}`,
          BK_ERRORS.invalidParam,
        )
      if (v.type === 'hosts') {
        if (!g.ip_list?.length && !g.custom_query_id?.length) continue
        values[v.name] = (await this.bkJob.targets(principal, p.bk_biz_id, g.ip_list ?? [], g.custom_query_id)).join(
          ',',
        )
      } else if (g.value !== undefined) values[v.name] = g.value
    }
    const steps = p.steps
    let instanceId = 0
    // A customised definition the plan rules refuse is a ValidationError: BlueKing's invalid-parameter code.
    await this.runs.start(principal, row.id, values, ctx, {
      customize: steps?.length ? (def) => this.customize(principal, p.bk_biz_id, def, steps) : undefined,
      onCreated: async (tx, run) => {
        instanceId = run.bkInstanceId
        await this.bkJob.recordPlanInstance(tx, principal.tenantId, app.code, run.bkInstanceId, p.bk_callback_url)
      },
    })
    return { job_instance_id: instanceId, job_instance_name: row.name }
  }

  // ---- plan runs as job instances -------------------------------------------------------------------------

  private async runByInstance(tenantId: string, instanceId: number, tx: Tx = this.db) {
    const [run] = await tx
      .select()
      .from(planRuns)
      .where(and(eq(planRuns.tenantId, tenantId), eq(planRuns.bkInstanceId, instanceId)))
    if (!run) return null
    const steps = await tx
      .select()
      .from(planRunSteps)
      .where(eq(planRunSteps.runId, run.id))
      .orderBy(asc(planRunSteps.stepIndex))
    return { run, steps }
  }

  /** Plan step ids (get_job_detail's step_id) of the run's steps, by name in the run's plan version. */
  private async planStepIds(run: PlanRunRow) {
    const [v] = await this.db
      .select({ definition: jobPlanVersions.definition })
      .from(jobPlanVersions)
      .where(and(eq(jobPlanVersions.planId, run.planId), eq(jobPlanVersions.version, run.planVersion)))
    const names = (v?.definition ?? run.definition).steps.map((s) => s.name)
    return (name: string, index: number) => {
      const i = names.indexOf(name)
      return i >= 0 ? i + 1 : index + 1
    }
  }

  /** The ticket of a run step (script or file), or null before it exists. */
  private async stepTicket(principal: Principal, uuid: string | null) {
    if (!uuid) return null
    return this.executions.get(principal, uuid).catch(() => null)
  }

  private async instance(principal: Principal, p: z.infer<typeof JobInstanceParamsSchema>) {
    need(principal, 'read')
    await this.bkJob.business(principal, p.bk_biz_id)
    return this.runByInstance(principal.tenantId, p.job_instance_id)
  }

  /** get_job_instance_status of a plan run (one block per step), or null when the id is not a plan run. */
  async instanceStatus(principal: Principal, p: z.infer<typeof JobInstanceParamsSchema>) {
    const found = await this.instance(principal, p)
    if (!found) return null
    const { run, steps } = found
    const stepId = await this.planStepIds(run)
    const current = steps.find((s) => s.stepIndex === run.currentStep) ?? steps[0]
    const blocks = await Promise.all(
      steps.map(async (s) => {
        const type = BK_STEP_TYPES[s.kind]
        const ticket = await this.stepTicket(principal, s.executeUuid)
        const hosts = ticket ? await this.bkJob.ticketHosts(principal, ticket) : null
        return {
          type,
          block_order: s.stepIndex + 1,
          block_name: s.name,
          step_instances: [
            {
              status: bkRunStepStatus(s.status),
              total_time: seconds(s.startedAt, s.finishedAt),
              pause: s.kind === 'confirm' || s.kind === 'approval' ? 1 : 0,
              operation_list: [],
              name: s.name,
              step_instance_id: s.bkStepInstanceId,
              operator: s.actor ?? run.creatorName,
              order: 1,
              retry_count: hosts?.retryCount ?? 0,
              create_time: bkTime(run.createdAt),
              start_time: bkTime(s.startedAt),
              end_time: bkTime(s.finishedAt),
              step_id: stepId(s.name, s.stepIndex),
              type,
              step_ip_status: hosts?.stepIpStatus ?? [],
            },
          ],
        }
      }),
    )
    return {
      is_finished: TERMINAL_RUN.includes(run.status),
      job_instance: {
        job_instance_id: run.bkInstanceId,
        bk_biz_id: p.bk_biz_id,
        name: run.planName,
        start_way: (await this.bkJob.startedByApi(run.bkInstanceId)) ? 2 : run.scheduleId ? 3 : 1,
        operator: run.creatorName,
        bk_job_id:
          (await this.db.select({ n: jobPlans.bkJobId }).from(jobPlans).where(eq(jobPlans.id, run.planId)))[0]?.n ?? -1,
        create_time: bkTime(run.createdAt),
        status: bkRunStatus(run.status),
        start_time: bkTime(run.startedAt),
        end_time: bkTime(run.finishedAt),
        total_time: seconds(run.startedAt, run.finishedAt),
        current_step_instance_id: current?.bkStepInstanceId ?? null,
      },
      blocks,
    }
  }

  /** get_job_instance_log of a plan run: one entry per step (hosts' logs for script and file steps). */
  async instanceLog(principal: Principal, p: z.infer<typeof JobInstanceParamsSchema>) {
    const found = await this.instance(principal, p)
    if (!found) return null
    const { run, steps } = found
    return Promise.all(
      steps.map(async (s) => {
        const ticket = await this.stepTicket(principal, s.executeUuid)
        const hosts = ticket ? await this.bkJob.ticketHosts(principal, ticket) : null
        return {
          is_finished:
            TERMINAL_RUN.includes(run.status) || ['finished', 'failed', 'ignored', 'canceled'].includes(s.status),
          step_instance_id: s.bkStepInstanceId,
          name: s.name,
          status: ticket && s.status === 'running' ? bkJobStatus(ticket.status) : bkRunStepStatus(s.status),
          step_results: hosts?.stepResults ?? [],
        }
      }),
    )
  }

  /** The callback_protocol body of a plan run (null when the id is not a plan run of the tenant). */
  async callbackBody(tenantId: string, instanceId: number) {
    const found = await this.runByInstance(tenantId, instanceId)
    if (!found) return null
    return {
      job_instance_id: instanceId,
      status: bkRunStatus(found.run.status),
      step_instances: found.steps.map((s) => ({
        step_instance_id: s.bkStepInstanceId,
        status: bkRunStepStatus(s.status),
      })),
    }
  }

  private async cron(principal: Principal, bkCronId: number): Promise<ScheduleRow> {
    const [row] = await this.db
      .select()
      .from(planSchedules)
      .where(and(eq(planSchedules.tenantId, principal.tenantId), eq(planSchedules.bkCronId, bkCronId)))
    if (!row) throw new BkError(`cron_id ${bkCronId} does not exist`, BK_ERRORS.notFound)
    return row
  }

  async cronList(principal: Principal, p: P<typeof CronListParamsSchema>) {
    await this.bkJob.business(principal, p.bk_biz_id)
    const conds: SQL[] = [eq(planSchedules.tenantId, principal.tenantId)]
    if (p.cron_id) conds.push(eq(planSchedules.bkCronId, p.cron_id))
    else {
      if (p.cron_name) conds.push(ilike(planSchedules.name, containsPattern(p.cron_name)))
      if (p.cron_status) conds.push(eq(planSchedules.enabled, p.cron_status === 1))
      if (p.creator) conds.push(eq(planSchedules.creatorName, p.creator))
      if (p.create_time_start) conds.push(gte(planSchedules.createdAt, dayStart(p.create_time_start)))
      if (p.create_time_end) conds.push(lte(planSchedules.createdAt, dayEnd(p.create_time_end)))
      if (p.last_modify_time_start) conds.push(gte(planSchedules.updatedAt, dayStart(p.last_modify_time_start)))
      if (p.last_modify_time_end) conds.push(lte(planSchedules.updatedAt, dayEnd(p.last_modify_time_end)))
    }
    const q = this.db
      .select({ s: planSchedules, plan: { bkJobId: jobPlans.bkJobId, name: jobPlans.name } })
      .from(planSchedules)
      .innerJoin(jobPlans, eq(jobPlans.id, planSchedules.planId))
      .where(and(...conds))
      .orderBy(asc(planSchedules.bkCronId))
      .offset(p.start)
    const rows = p.length ? await q.limit(p.length) : await q
    return rows.map(({ s, plan }) => ({
      bk_biz_id: p.bk_biz_id,
      bk_job_id: plan.bkJobId,
      job_name: plan.name,
      cron_id: s.bkCronId,
      cron_name: s.name,
      cron_status: s.enabled ? 1 : 2,
      cron_expression: s.expression,
      creator: s.creatorName,
      create_time: bkTime(s.createdAt),
      last_modify_user: s.creatorName,
      last_modify_time: bkTime(s.updatedAt),
    }))
  }

  /** save_cron: creates a schedule (paused, as bk-job does) or changes one (cron_id given). */
  async saveCron(principal: Principal, p: P<typeof SaveCronParamsSchema>, ctx: RequestContext) {
    need(principal, 'executions:run')
    await this.bkJob.business(principal, p.bk_biz_id)
    const plan = await this.plan(principal, p.bk_job_id)
    if (p.cron_id) {
      const row = await this.cron(principal, p.cron_id)
      await this.schedules.update(
        principal,
        row.id,
        {
          name: p.cron_name ?? row.name,
          planId: plan.id,
          expression: p.cron_expression ?? row.expression,
          timeZone: row.timeZone,
          catchUp: row.catchUp,
          variables: {},
        },
        ctx,
      )
      return { cron_id: row.bkCronId }
    }
    if (!p.cron_name || !p.cron_expression)
      throw new BkError('cron_name and cron_expression are required to create a cron job', BK_ERRORS.invalidParam)
    const created = await this.schedules.create(
      principal,
      {
        name: p.cron_name,
        planId: plan.id,
        expression: p.cron_expression,
        timeZone: 'UTC',
        catchUp: 'skip',
        variables: {},
      },
      ctx,
    )
    const [row] = await this.db
      .select({ n: planSchedules.bkCronId })
      .from(planSchedules)
      .where(eq(planSchedules.id, created.id))
    return { cron_id: row!.n }
  }

  async updateCronStatus(principal: Principal, p: P<typeof UpdateCronStatusParamsSchema>) {
    need(principal, 'executions:run')
    await this.bkJob.business(principal, p.bk_biz_id)
    const row = await this.cron(principal, p.cron_id)
    await this.schedules.setEnabled(principal, row.id, p.cron_status === 1)
    return { cron_id: row.bkCronId }
  }
}
