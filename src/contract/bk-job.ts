import { z } from 'zod'
import type { InstanceStatus, OrderStatus } from './execution-rules'

/**
 * BlueKing job API (seed 002 "作业平台 API"): `/api/c/compapi/v2/job/<api>/`, GET (query string) or POST (JSON
 * body), each call carrying the common parameters. Every answer, success or error, is the ESB envelope
 * `{ result, code, message, data, request_id }`; `code` 0 is success, > 0 an error (codes below).
 */
export const BK_JOB_BASE = '/api/c/compapi/v2/job'
export const bkJobPath = (api: string) => `${BK_JOB_BASE}/${api}/`
/** BlueKing CMDB API (seed 002 "配置平台"), same envelope and common parameters. */
export const BK_CC_BASE = '/api/c/compapi/v2/cc'
export const bkCcPath = (api: string) => `${BK_CC_BASE}/${api}/`

/**
 * Error codes. The seed only says "0 success, > 0 failure"; these follow ESB's families (1640xxx gateway:
 * app and user authentication, 1306xxx the job component) so automation can tell them apart.
 */
export const BK_ERRORS = {
  /** bk_app_code / bk_app_secret missing, unknown, wrong or revoked. */
  appAuth: 1640001,
  /** bk_username (or bk_token) missing, or no enabled console user of that name in the app's tenant. */
  userAuth: 1640002,
  /** The API does not exist. */
  apiNotFound: 1640404,
  /** Too many requests. */
  rateLimited: 1640429,
  /** A parameter is missing, malformed or outside the seed's limits. */
  invalidParam: 1306001,
  /** bk_biz_id, job_instance_id, script id … unknown in this business. */
  notFound: 1306404,
  /** The user's role may not do this. */
  forbidden: 1306403,
  /** The request conflicts with the current state. */
  conflict: 1306409,
  internal: 1306500,
} as const

export const BkEnvelopeSchema = <T extends z.ZodType>(data: T) =>
  z.object({
    result: z.boolean(),
    code: z.number().int(),
    message: z.string(),
    data,
    request_id: z.string().optional(),
  })
export const BkErrorBodySchema = BkEnvelopeSchema(z.null())
export type BkErrorBody = z.infer<typeof BkErrorBodySchema>

/** Integers arrive as JSON numbers (POST) or strings (GET query): accept both. */
const int = () => z.coerce.number().int()
/** `true`/`false`, 1/0 and their string forms (query strings). */
const bool = () =>
  z.preprocess(
    (v) => (v === 'true' || v === '1' || v === 1 ? true : v === 'false' || v === '0' || v === 0 ? false : v),
    z.boolean(),
  )

/** Common parameters of every call (seed 002 "通用参数"). */
export const BkCommonSchema = z.object({
  bk_app_code: z.string().min(1).max(64),
  bk_app_secret: z.string().min(1).max(256),
  /** Not supported (no BlueKing login here): bk_username names the console user instead. */
  bk_token: z.string().max(1024).optional(),
  bk_username: z.string().min(1).max(64).optional(),
})

export const BkIpSchema = z.object({
  bk_cloud_id: int().min(0),
  ip: z.union([z.ipv4(), z.ipv6()]),
})
export type BkIp = z.infer<typeof BkIpSchema>

/** custom_query_id: ids of saved CMDB host queries of the business (merged with ip_list, deduplicated). */
export const CustomQueryIdsSchema = z.array(z.union([z.string().min(1).max(32), z.number().int()])).max(20)

/** Hosts per call: the console's own ceiling for one ticket. */
export const BK_LIMITS = {
  ipListMax: 200,
  scriptTimeoutMin: 60,
  scriptTimeoutMax: 86_400,
  scriptTimeoutDefault: 1000,
  taskNameMax: 512,
  /** Decoded script content; the engine's ceiling for one command. */
  scriptContentMax: 65_536,
  /** Positional arguments after splitting script_param (the agent's limits: 20 of ≤ 1024 characters). */
  scriptParamsMax: 20,
  scriptParamMax: 1024,
  callbackUrlMax: 512,
  fileSourcesMax: 20,
  filesPerSourceMax: 20,
  targetPathMax: 1024,
  listLengthMax: 1000,
} as const

const bizId = int().min(1)

export const FastExecuteScriptParamsSchema = z.object({
  bk_biz_id: bizId,
  script_id: int().min(1).optional(),
  task_name: z.string().max(BK_LIMITS.taskNameMax).optional(),
  /** Base64 of the script. script_id wins when both are given. */
  script_content: z
    .string()
    .max(Math.ceil((BK_LIMITS.scriptContentMax * 4) / 3) + 4)
    .optional(),
  /** Base64 of the whole argument string ("param1 param2" encoded once), split like a shell would. */
  script_param: z.string().max(40_000).optional(),
  script_timeout: int().min(BK_LIMITS.scriptTimeoutMin).max(BK_LIMITS.scriptTimeoutMax).default(1000),
  account: z.string().min(1).max(32).default('root'),
  is_param_sensitive: int().min(0).max(1).default(0),
  /** 1 shell, 2 bat, 4 python; 3 perl and 5 powershell are refused (no such interpreter in the agent). */
  script_type: int().min(1).max(5).default(1),
  custom_query_id: CustomQueryIdsSchema.optional(),
  ip_list: z.array(BkIpSchema).max(BK_LIMITS.ipListMax).default([]),
  bk_callback_url: z.url().max(BK_LIMITS.callbackUrlMax).optional(),
})
export type FastExecuteScriptParams = z.infer<typeof FastExecuteScriptParamsSchema>

/** Absolute path; no NUL, no `..` segment. */
const AbsPathSchema = z
  .string()
  .min(1)
  .max(BK_LIMITS.targetPathMax)
  .refine((p) => p.startsWith('/') && !p.includes('\0') && !p.split('/').includes('..'), {
    message: 'must be an absolute path without ".." segments',
  })

export const FileSourceSchema = z.object({
  /**
   * Absolute paths on the source hosts (file_type 1, the seed's form), or ids / names of files uploaded to
   * the console's file library (file_type 2, bk-job's "local file").
   */
  files: z.array(z.string().min(1).max(1024)).min(1).max(BK_LIMITS.filesPerSourceMax),
  file_type: int().min(1).max(2).default(1),
  account: z.string().min(1).max(32).default('root'),
  custom_query_id: CustomQueryIdsSchema.optional(),
  ip_list: z.array(BkIpSchema).max(BK_LIMITS.ipListMax).default([]),
})

export const FastPushFileParamsSchema = z.object({
  bk_biz_id: bizId,
  task_name: z.string().max(BK_LIMITS.taskNameMax).optional(),
  account: z.string().min(1).max(32),
  file_target_path: AbsPathSchema,
  file_source: z.array(FileSourceSchema).min(1).max(BK_LIMITS.fileSourcesMax),
  custom_query_id: CustomQueryIdsSchema.optional(),
  ip_list: z.array(BkIpSchema).max(BK_LIMITS.ipListMax).default([]),
  /** Extension (bk-job v3): octal mode of the pushed files, default 0644. */
  file_mode: z
    .string()
    .regex(/^0?[0-7]{3}$/)
    .optional(),
  /** Extension: owner of the pushed files; default the account. */
  file_owner: z.string().min(1).max(32).optional(),
  bk_callback_url: z.url().max(BK_LIMITS.callbackUrlMax).optional(),
})
export type FastPushFileParams = z.infer<typeof FastPushFileParamsSchema>

export const JobInstanceParamsSchema = z.object({ bk_biz_id: bizId, job_instance_id: int().min(1) })
export const BizParamsSchema = z.object({ bk_biz_id: bizId })
export const ScriptListParamsSchema = z.object({
  bk_biz_id: bizId.optional(),
  is_public: bool().default(false),
  return_script_content: bool().default(false),
  start: int().min(0).default(0),
  /** 0 or absent: no paging. */
  length: int().min(0).max(BK_LIMITS.listLengthMax).default(20),
  script_type: int().min(0).max(6).default(0),
  script_name: z.string().max(64).optional(),
})
export const ScriptDetailParamsSchema = z.object({ bk_biz_id: bizId.optional(), id: int().min(1) })

/** Job / step status codes (one table for job instances, step instances and callbacks). */
export const BK_JOB_STATUS = {
  notRun: 1,
  running: 2,
  success: 3,
  failed: 4,
  skipped: 5,
  errorIgnored: 6,
  waitingUser: 7,
  endedManually: 8,
  abnormal: 9,
  forceStopping: 10,
  forceStopped: 11,
  forceStopFailed: 12,
} as const

/** A ticket's status as a job (and its one step) status. */
export function bkJobStatus(status: OrderStatus): number {
  switch (status) {
    case 'READY':
      return BK_JOB_STATUS.notRun
    case 'PROCESSING':
      return BK_JOB_STATUS.running
    case 'FINISHED':
      return BK_JOB_STATUS.success
    case 'ABNORMAL':
      return BK_JOB_STATUS.failed
    case 'PAUSED':
      return BK_JOB_STATUS.waitingUser
    case 'CANCELED':
      return BK_JOB_STATUS.forceStopped
  }
}

/** Per-host codes of get_job_instance_log (`ip_status`), from the instance status and its end message. */
export function bkIpLogStatus(status: InstanceStatus, message: string, kind: 'script' | 'push_file'): number {
  if (status === 'READY') return 5
  if (status === 'PROCESSING') return 7
  if (status === 'FINISHED') return 9
  if (status === 'CANCELED') return 103
  const m = message.toLowerCase()
  if (m.startsWith('agent unavailable') || m.startsWith('agent lost')) return 310
  if (m.includes('execute user') && m.includes('does not exist')) return 311
  if (kind === 'push_file') {
    if (m.includes('too large')) return 321
    if (m.includes('download') || m.includes('sha256')) return 320
    if (m.includes('source file')) return 203
    return 329
  }
  if (m.startsWith('timed out')) return 102
  if (m.startsWith('exit code')) return 104
  return 101
}

/** Per-host codes of get_job_instance_status (`step_ip_status[].status`): the smaller table. */
export function bkStepIpStatus(status: InstanceStatus, message: string): number {
  if (status === 'READY') return 5
  if (status === 'PROCESSING') return 7
  if (status === 'FINISHED') return 9
  if (status === 'CANCELED') return 403
  const m = message.toLowerCase()
  if (m.startsWith('agent unavailable') || m.startsWith('agent lost')) return 1
  return 11
}

/** `1` shell, `2` bat, `4` python ↔ the console's script types. */
export const BK_SCRIPT_TYPES = { SHELL: 1, BAT: 2, PYTHON: 4 } as const
export function consoleScriptType(bkType: number): 'SHELL' | 'BAT' | 'PYTHON' | undefined {
  return bkType === 1 ? 'SHELL' : bkType === 2 ? 'BAT' : bkType === 4 ? 'PYTHON' : undefined
}

/** BlueKing job time format, `2018-03-15 12:56:35 +0000` (times are given in UTC). */
export function bkTime(d: Date | string | null | undefined): string | null {
  if (!d) return null
  const iso = (typeof d === 'string' ? new Date(d) : d).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000`
}

/**
 * Splits `script_param` like a POSIX shell splits words: blanks separate, single quotes keep everything,
 * double quotes keep blanks (with `\"` and `\\` escapes), a backslash outside quotes escapes the next
 * character. Returns null on an unterminated quote.
 */
export function splitShellWords(input: string): string[] | null {
  const words: string[] = []
  let cur = ''
  let has = false
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!
    if (c === "'") {
      const end = input.indexOf("'", i + 1)
      if (end < 0) return null
      cur += input.slice(i + 1, end)
      has = true
      i = end
    } else if (c === '"') {
      let j = i + 1
      for (; j < input.length && input[j] !== '"'; j++) {
        if (input[j] === '\\' && (input[j + 1] === '"' || input[j + 1] === '\\')) j++
        cur += input[j]
      }
      if (j >= input.length) return null
      has = true
      i = j
    } else if (c === '\\' && i + 1 < input.length) {
      cur += input[++i]
      has = true
    } else if (/\s/.test(c)) {
      if (has) words.push(cur)
      cur = ''
      has = false
    } else {
      cur += c
      has = true
    }
  }
  if (has) words.push(cur)
  return words
}

/** The job APIs served (seed 002's list; the plan and cron APIs are served by the job-plans module). */
export const BK_JOB_APIS = [
  'fast_execute_script',
  'fast_push_file',
  'get_job_instance_status',
  'get_job_instance_log',
  'get_script_list',
  'get_script_detail',
  'get_os_account',
  'callback_protocol',
  'get_job_list',
  'get_job_detail',
  'execute_job',
  'get_cron_list',
  'save_cron',
  'update_cron_status',
] as const
