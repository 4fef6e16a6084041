import { z } from 'zod'
import { BK_LIMITS, BkIpSchema, CustomQueryIdsSchema } from './bk-job'

/**
 * BlueKing job API over job plans and schedules (seed 002): get_job_list, get_job_detail, execute_job,
 * get_cron_list, save_cron, update_cron_status. Integers arrive as numbers or numeric strings (GET queries).
 */
const int = () => z.coerce.number().int()
const bizId = int().min(1)
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')

export const JobListParamsSchema = z.object({
  bk_biz_id: bizId,
  creator: z.string().max(64).optional(),
  name: z.string().max(512).optional(),
  create_time_start: date.optional(),
  create_time_end: date.optional(),
  last_modify_user: z.string().max(64).optional(),
  start: int().min(0).default(0),
  /** Absent: all. */
  length: int().min(1).max(1000).optional(),
})

export const JobDetailParamsSchema = z.object({ bk_biz_id: bizId, bk_job_id: int().min(1) })

export const GlobalVarSchema = z.object({
  id: int().min(1).optional(),
  name: z.string().max(64).optional(),
  value: z.string().max(1024).optional(),
  custom_query_id: CustomQueryIdsSchema.optional(),
  ip_list: z.array(BkIpSchema).max(BK_LIMITS.ipListMax).optional(),
})

/** A file source of an execute_job file step: files of the console's file library (ids or names). */
export const ExecuteJobFileSourceSchema = z.object({
  files: z.array(z.string().min(1).max(1024)).min(1).max(BK_LIMITS.filesPerSourceMax),
  /** 2 (library files) only: a plan's file step pushes files of the file library. */
  file_type: int().min(1).max(2).default(2),
  account: z.string().min(1).max(32).optional(),
  custom_query_id: CustomQueryIdsSchema.optional(),
  ip_list: z.array(BkIpSchema).max(BK_LIMITS.ipListMax).optional(),
})

/**
 * seed 002 execute_job `steps`: the steps to run (absent: all), each optionally customised. step_id is the
 * step's position in the plan (get_job_detail's step_id). Approval steps cannot be left out.
 */
export const ExecuteJobStepSchema = z.object({
  step_id: int().min(1),
  script_id: int().min(1).optional(),
  script_type: int().min(1).max(5).optional(),
  /** Base64; plan steps run reviewed library scripts, so script_content needs script_id (which wins). */
  script_content: z.string().max(100_000).optional(),
  /** Base64 of the positional arguments, filling the script's parameters in order. */
  script_param: z.string().max(40_000).optional(),
  script_timeout: int().min(BK_LIMITS.scriptTimeoutMin).max(BK_LIMITS.scriptTimeoutMax).optional(),
  account: z.string().min(1).max(32).optional(),
  db_account_id: int().optional(),
  file_target_path: z.string().min(1).max(BK_LIMITS.targetPathMax).optional(),
  file_source: z.array(ExecuteJobFileSourceSchema).min(1).max(BK_LIMITS.fileSourcesMax).optional(),
  custom_query_id: CustomQueryIdsSchema.optional(),
  ip_list: z.array(BkIpSchema).max(BK_LIMITS.ipListMax).optional(),
})
export type ExecuteJobStep = z.infer<typeof ExecuteJobStepSchema>

export const ExecuteJobParamsSchema = z.object({
  bk_biz_id: bizId,
  bk_job_id: int().min(1),
  steps: z.array(ExecuteJobStepSchema).max(50).optional(),
  global_vars: z.array(GlobalVarSchema).max(30).default([]),
  bk_callback_url: z.url().max(512).optional(),
})

export const CronListParamsSchema = z.object({
  bk_biz_id: bizId,
  cron_name: z.string().max(64).optional(),
  cron_id: int().min(1).optional(),
  cron_status: int().min(1).max(2).optional(),
  creator: z.string().max(64).optional(),
  create_time_start: date.optional(),
  create_time_end: date.optional(),
  last_modify_user: z.string().max(64).optional(),
  last_modify_time_start: date.optional(),
  last_modify_time_end: date.optional(),
  start: int().min(0).default(0),
  length: int().min(1).max(1000).optional(),
})

export const SaveCronParamsSchema = z.object({
  bk_biz_id: bizId,
  bk_job_id: int().min(1),
  /** Given: update that schedule; absent: create one (cron_name and cron_expression then required). */
  cron_id: int().min(1).optional(),
  cron_name: z.string().min(1).max(64).optional(),
  cron_expression: z.string().min(9).max(128).optional(),
})

export const UpdateCronStatusParamsSchema = z.object({
  bk_biz_id: bizId,
  /** 1 started, 2 paused. */
  cron_status: int().min(1).max(2),
  cron_id: int().min(1),
})

/** Global variable types as seed 002's get_job_detail shows them. */
export const BK_VAR_TYPES = { text: 1, hosts: 2, sensitive: 4 } as const
/** Step types: 1 script, 2 file, 3 confirmation / approval (bk-job's manual intervention). */
export const BK_STEP_TYPES = { script: 1, file: 2, confirm: 3, approval: 3 } as const
