import type { z } from 'zod'
import { BK_ERRORS, BK_JOB_STATUS, bkJobStatus, bkTime, type JobInstanceParamsSchema } from '../../../contract/bk-job'
import { BK_STEP_TYPES } from '../../../contract/bk-plans'
import { hasPermission } from '../../../contract/identity'
import type { RunStatus, StepStatus } from '../../../contract/job-plans'
import type { PlanRunRow } from '../../db/schema'
import { BkError } from '../../lib/errors'
import type { Principal } from '../../lib/principal'
import type { BkPlanInstancesRepository } from './bk-plan-instances.repository'
import { type BkJobService, seconds } from '../bk-job/bk-job.service'
import type { ExecutionsService } from '../executions/executions.service'

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

/**
 * Plan runs as BlueKing job instances (execute_job's job_instance_id = the run's bk_instance_id): status and
 * log with one block per step (a script or file step's hosts from its ticket), and the callback body.
 */
export class BkPlanInstancesService {
  constructor(
    private readonly repo: BkPlanInstancesRepository,
    private readonly bkJob: BkJobService,
    private readonly executions: ExecutionsService,
  ) {}

  /** Plan step ids (get_job_detail's step_id) of the run's steps, by name in the run's plan version. */
  private async planStepIds(run: PlanRunRow) {
    const stored = await this.repo.versionDefinition(run.planId, run.planVersion)
    const names = (stored ?? run.definition).steps.map((s) => s.name)
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
    if (!hasPermission(principal.role, 'read'))
      throw new BkError(
        `User ${principal.username} (role ${principal.role}) may not read job instances`,
        BK_ERRORS.forbidden,
      )
    await this.bkJob.business(principal, p.bk_biz_id)
    return this.repo.runByInstance(principal.tenantId, p.job_instance_id)
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
        bk_job_id: (await this.repo.bkJobId(run.planId)) ?? -1,
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
    const found = await this.repo.runByInstance(tenantId, instanceId)
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
}
