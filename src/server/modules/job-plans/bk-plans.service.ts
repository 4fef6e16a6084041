import type { z } from 'zod'
import { BK_ERRORS, BK_SCRIPT_TYPES, bkTime } from '../../../contract/bk-job'
import {
  BK_STEP_TYPES,
  BK_VAR_TYPES,
  type CronListParamsSchema,
  type ExecuteJobParamsSchema,
  type JobDetailParamsSchema,
  type JobListParamsSchema,
  type SaveCronParamsSchema,
  type UpdateCronStatusParamsSchema,
} from '../../../contract/bk-plans'
import { hasPermission, type Permission } from '../../../contract/identity'
import { type PlanDefinition, type PlanStep, splitHosts, stepHosts } from '../../../contract/job-plans'
import type { BkAppRow, JobPlanRow, ScheduleRow } from '../../db/schema'
import { BkError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { BkJobService } from '../bk-job/bk-job.service'
import type { FilesService } from '../files/files.service'
import type { ScriptsService } from '../scripts/scripts.service'
import type { BkStepCustomizer } from './bk-plan-steps'
import type { JobPlansRepository } from './job-plans.repository'
import type { JobPlansService } from './job-plans.service'
import type { SchedulesRepository } from './schedules.repository'
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

/** The first and last instant (UTC) of a day given as YYYY-MM-DD; undefined when not given. */
const dayStart = (d?: string) => (d ? new Date(`${d}T00:00:00Z`) : undefined)
const dayEnd = (d?: string) => (d ? new Date(`${d}T23:59:59.999Z`) : undefined)

/**
 * The BlueKing job API over plans and schedules: thin, each call checks the business and the user's role,
 * then uses the plans, runs and schedules services (their rules apply: validation, review, paused start).
 * Plans are not per business here: any business of the app's project sees the project's plans.
 */
export class BkPlansService {
  constructor(
    private readonly plans: JobPlansRepository,
    private readonly crons: SchedulesRepository,
    private readonly planService: JobPlansService,
    private readonly bkJob: BkJobService,
    private readonly runs: PlanRunsService,
    private readonly schedules: SchedulesService,
    private readonly scripts: ScriptsService,
    private readonly files: FilesService,
    private readonly steps: BkStepCustomizer,
  ) {}

  private async plan(principal: Principal, bkJobId: number): Promise<JobPlanRow> {
    const row = await this.plans.byBkJobId(principal.tenantId, bkJobId)
    if (!row) throw new BkError(`bk_job_id ${bkJobId} does not exist`, BK_ERRORS.notFound)
    return row
  }

  /**
   * The definitions runs use (`JobPlansService.runnable`) of listed plans: a plan whose current version waits
   * for review (or was rejected) runs its last reviewed version, and the job API describes that one.
   */
  private async runnableDefinitions(rows: JobPlanRow[]): Promise<Map<string, PlanDefinition>> {
    const out = new Map(rows.filter((r) => r.status === 'active').map((r) => [r.id, r.definition]))
    const older = rows.filter((r) => r.status !== 'active' && r.approvedVersion)
    for (const r of older) {
      const v = await this.plans.version(r.id, r.approvedVersion!)
      if (v) out.set(r.id, v.definition)
    }
    return out
  }

  /** step_num: of the version execute_job runs (the current one while none is reviewed: nothing runs then). */
  private summary(row: JobPlanRow, bizId: number, definition: PlanDefinition = row.definition) {
    return {
      bk_biz_id: bizId,
      bk_job_id: row.bkJobId,
      name: row.name,
      creator: row.creatorName,
      create_time: bkTime(row.createdAt),
      last_modify_user: row.updatedBy,
      last_modify_time: bkTime(row.updatedAt),
      tag_id: '',
      step_num: definition.steps.length,
    }
  }

  async jobList(principal: Principal, p: P<typeof JobListParamsSchema>) {
    await this.bkJob.business(principal, p.bk_biz_id)
    const rows = await this.plans.bkList(
      principal.tenantId,
      {
        creator: p.creator,
        name: p.name,
        lastModifyUser: p.last_modify_user,
        createdFrom: dayStart(p.create_time_start),
        createdTo: dayEnd(p.create_time_end),
      },
      p.start,
      p.length,
    )
    const defs = await this.runnableDefinitions(rows)
    return rows.map((r) => this.summary(r, p.bk_biz_id, defs.get(r.id)))
  }

  /**
   * get_job_detail describes what execute_job runs: the plan's runnable version (its last reviewed one while a
   * newer version waits for review), so step_id and global variable ids mean the same in both calls. A plan
   * with no reviewed version is refused as execute_job refuses it.
   */
  async jobDetail(principal: Principal, p: P<typeof JobDetailParamsSchema>) {
    await this.bkJob.business(principal, p.bk_biz_id)
    const { row, definition: def } = await this.planService.runnable(
      principal.tenantId,
      (await this.plan(principal, p.bk_job_id)).id,
    )
    const defaults = Object.fromEntries(def.variables.map((v) => [v.name, v.type === 'hosts' ? v.default : '']))
    const ips = (ids: string[]) => this.bkJob.ipsOf(principal.tenantId, ids)
    const stepIdsOf = (name: string) =>
      def.steps.flatMap((s, i) =>
        (s.kind === 'script' || s.kind === 'file') && s.hosts.variable === name ? [i + 1] : [],
      )
    return {
      ...this.summary(row, p.bk_biz_id, def),
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
   * Starts a run with the given global variables (by id or name; host lists by ip_list and custom_query_id),
   * else the defaults; `steps` picks and customises steps; the run is recorded as the API's job instance with
   * its bk_callback_url (delivered when the run ends).
   */
  async executeJob(principal: Principal, app: BkAppRow, p: P<typeof ExecuteJobParamsSchema>, ctx: RequestContext) {
    need(principal, 'executions:run')
    await this.bkJob.business(principal, p.bk_biz_id)
    const row = await this.plan(principal, p.bk_job_id)
    // Global variable ids (get_job_detail's) number the variables of the version the run uses.
    const vars = (await this.planService.runnable(principal.tenantId, row.id)).definition.variables
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
      customize: steps?.length ? (def) => this.steps.customize(principal, p.bk_biz_id, def, steps) : undefined,
      onCreated: async (tx, run) => {
        instanceId = run.bkInstanceId
        await this.bkJob.recordPlanInstance(tx, principal.tenantId, app.code, run.bkInstanceId, p.bk_callback_url)
      },
    })
    return { job_instance_id: instanceId, job_instance_name: row.name }
  }

  private async cron(principal: Principal, bkCronId: number): Promise<ScheduleRow> {
    const row = await this.crons.byBkCronId(principal.tenantId, bkCronId)
    if (!row) throw new BkError(`cron_id ${bkCronId} does not exist`, BK_ERRORS.notFound)
    return row
  }

  async cronList(principal: Principal, p: P<typeof CronListParamsSchema>) {
    await this.bkJob.business(principal, p.bk_biz_id)
    const rows = await this.crons.bkList(
      principal.tenantId,
      {
        cronId: p.cron_id || undefined,
        name: p.cron_name,
        enabled: p.cron_status ? p.cron_status === 1 : undefined,
        creator: p.creator,
        createdFrom: dayStart(p.create_time_start),
        createdTo: dayEnd(p.create_time_end),
        updatedFrom: dayStart(p.last_modify_time_start),
        updatedTo: dayEnd(p.last_modify_time_end),
      },
      p.start,
      p.length,
    )
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
    return { cron_id: await this.crons.bkCronIdOf(created.id) }
  }

  async updateCronStatus(principal: Principal, p: P<typeof UpdateCronStatusParamsSchema>) {
    need(principal, 'executions:run')
    await this.bkJob.business(principal, p.bk_biz_id)
    const row = await this.cron(principal, p.cron_id)
    await this.schedules.setEnabled(principal, row.id, p.cron_status === 1)
    return { cron_id: row.bkCronId }
  }
}
