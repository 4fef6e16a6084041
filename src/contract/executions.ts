import { z } from 'zod'
import { PageQuerySchema, TimestampSchema } from './common'
import {
  BATCH_STATUSES,
  EXECUTION_LIMITS as L,
  INSTANCE_STATUSES,
  OPERATION_TYPES,
  ORDER_STATUSES,
  ROTATION_STRATEGIES,
} from './execution-rules'
import { defineRoute, pageOf } from './http'
import { PARAM_NAME_PATTERN, SCRIPT_LIMITS } from './script-rules'
import { RiskLevelSchema, ScriptTypeSchema } from './scripts'

export const OrderStatusSchema = z.enum(ORDER_STATUSES)
export const InstanceStatusSchema = z.enum(INSTANCE_STATUSES)
export const BatchStatusSchema = z.enum(BATCH_STATUSES)
export const RotationStrategySchema = z.enum(ROTATION_STRATEGIES)
export const OperationTypeSchema = z.enum(OPERATION_TYPES)

/** ScriptExecuteInputParam. Values are checked against the script's definitions by the service. */
export const ExecuteInputParamSchema = z.object({
  param_name: z.string().regex(PARAM_NAME_PATTERN, 'letters, digits and _ only (1–64)'),
  param_value: z.string().max(SCRIPT_LIMITS.paramValueMax),
  /** Deprecated in the SDK; when given for every parameter it must run 1..n. */
  param_order: z.coerce.number().int().min(1).max(SCRIPT_LIMITS.paramsMax).optional(),
  /** SDK field for parameter-store references; not supported here (refused by the service). */
  param_refer: z
    .object({ refer_type: z.string(), param_id: z.string(), param_version: z.string().optional() })
    .optional(),
})

/** ScriptExecuteParam. The seed's example sends success_rate as the string "100.0", so numbers are coerced. */
export const ExecuteParamSchema = z.object({
  /** true: resources not limited; false: the agent runs the script at low CPU/IO priority. Deprecated in the SDK. */
  resourceful: z.boolean().default(true),
  timeout: z.coerce.number().int().min(L.timeoutMin).max(L.timeoutMax),
  success_rate: z.coerce
    .number()
    .min(L.successRateMin)
    .max(L.successRateMax)
    .refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, 'at most one decimal place'),
  execute_user: z
    .string()
    .min(1)
    .max(L.executeUserMax)
    .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'a local user name'),
  script_params: z.array(ExecuteInputParamSchema).max(SCRIPT_LIMITS.paramsMax).default([]),
})
export type ExecuteParam = z.infer<typeof ExecuteParamSchema>

/** ExecuteResourceInstance: the host is found by resource_id (agent_sn, project and region are checked if given). */
export const TargetInstanceSchema = z.object({
  resource_id: z.string().min(1).max(64),
  agent_sn: z.string().min(1).max(64).optional(),
  project_id: z.string().min(1).max(32).optional(),
  /** The seed requires it (1–32); the console's own wizard leaves it out, so it stays optional but never empty. */
  region_id: z.string().min(1).max(32).optional(),
  agent_status: z.string().optional(),
  provider: z.string().optional(),
  type: z.string().optional(),
  custom_attributes: z
    .array(z.object({ key: z.string().max(10), value: z.string().max(20) }))
    .max(5)
    .optional(),
})

export const ExecuteBatchSchema = z.object({
  batch_index: z.coerce.number().int().min(1).max(L.batchesMax),
  target_instances: z.array(TargetInstanceSchema).min(1).max(L.hostsPerBatchMax),
  rotation_strategy: RotationStrategySchema,
})

export const ExecuteScriptBodySchema = z.object({
  execute_param: ExecuteParamSchema,
  execute_batches: z.array(ExecuteBatchSchema).min(1).max(L.batchesMax),
})
export type ExecuteScriptBody = z.infer<typeof ExecuteScriptBodySchema>

/** The seed's cap for ListScriptJobs marker/start_time/end_time and GetScriptJobBatch marker. */
const INT32_MAX = 2147483647

const ExecuteUuidParams = z.object({ execute_uuid: z.string().min(1).max(L.executeUuidMax) })

export const OrderListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(L.ordersLimitMax).default(10),
  /** Cursor: the `order_id` of the last row of the previous page (rows come newest first). */
  marker: z.coerce.number().int().min(1).max(INT32_MAX).optional(),
  /** Epoch seconds: the seed caps both at 2147483647 (a millisecond value is refused, not guessed). */
  start_time: z.coerce.number().int().min(1).max(INT32_MAX).optional(),
  end_time: z.coerce.number().int().min(1).max(INT32_MAX).optional(),
  creator: z.string().min(1).max(64).optional(),
  status: OrderStatusSchema.optional(),
})
export type OrderListQuery = z.infer<typeof OrderListQuerySchema>

export const BatchDetailQuerySchema = z.object({
  status: InstanceStatusSchema.optional(),
  /** Required (seed table and SDK), 1–50. */
  limit: z.coerce.number().int().min(1).max(L.instancesLimitMax),
  /** Cursor: the `id` of the last instance of the previous page (required in the 2024 seed, optional in the SDK). */
  marker: z.coerce.number().int().min(0).max(INT32_MAX).optional(),
})

/** CANCEL_INSTANCE needs instance_id, SKIP_BATCH batch_index; RETRY_INSTANCE (seed example) instance_id. */
export const OperationBodySchema = z.object({
  batch_index: z.coerce.number().int().min(1).max(L.batchesMax).optional(),
  instance_id: z.coerce.number().int().min(1).optional(),
  operation_type: OperationTypeSchema,
})
export type OperationBody = z.infer<typeof OperationBodySchema>

const ExecuteParamOutSchema = z.object({
  resourceful: z.boolean(),
  timeout: z.number().int(),
  success_rate: z.number(),
  execute_user: z.string(),
  /** Sensitive values are `******`. */
  script_params: z.array(z.object({ param_name: z.string(), param_value: z.string(), param_order: z.number().int() })),
})

/** JobScriptOrderInfo (seed table 4-37). Times epoch ms; execute_costs in ms like the seed's example. */
export const OrderInfoSchema = z.object({
  execute_uuid: z.string(),
  gmt_created: z.number().int(),
  gmt_finished: z.number().int().nullable(),
  execute_costs: z.number().int().nullable(),
  creator: z.string(),
  status: OrderStatusSchema,
  properties: z.object({
    script_uuid: z.string(),
    script_name: z.string(),
    script_version_uuid: z.number().int(),
    script_version_name: z.string(),
    current_execute_batch_index: z.number().int(),
    execute_param: ExecuteParamOutSchema,
    script_source: z.string(),
  }),
})

export const OrderListItemSchema = z.object({
  order_id: z.number().int(),
  order_name: z.string(),
  execute_uuid: z.string(),
  gmt_created: z.number().int(),
  gmt_finished: z.number().int().nullable(),
  execute_costs: z.number().int().nullable(),
  creator: z.string(),
  status: OrderStatusSchema,
  properties: z.object({ region_ids: z.string() }),
})

export const BatchListItemSchema = z.object({
  batch_index: z.number().int(),
  total_instances: z.number().int(),
  rotation_strategy: RotationStrategySchema,
  /** Batch label: here the batch's console status. */
  properties: z.string(),
})

export const ExecutionInstanceModelSchema = z.object({
  id: z.number().int(),
  target_instance: z.object({
    resource_id: z.string(),
    agent_sn: z.string(),
    agent_status: z.string().nullable(),
    region_id: z.string().nullable(),
    project_id: z.string().nullable(),
    properties: z.object({
      host_name: z.string(),
      fixed_ip: z.string(),
      floating_ip: z.string().nullable(),
      region_id: z.string().nullable(),
      zone_id: z.string().nullable(),
      application: z.string().nullable(),
      group: z.string().nullable(),
      project_id: z.string().nullable(),
    }),
  }),
  gmt_created: z.number().int(),
  gmt_finished: z.number().int().nullable(),
  execute_costs: z.number().int().nullable(),
  status: InstanceStatusSchema,
  /** The instance's log (masked, ≤ 1 MB). */
  message: z.string(),
})

export const StatisticsSchema = z.object({
  total_instance: z.number().int(),
  execute_statistics: z.array(
    z.object({
      instance_status: InstanceStatusSchema,
      instance_count: z.number().int(),
      batch_indexes: z.array(z.number().int()),
    }),
  ),
})

const UuidData = z.object({ data: z.string() })

/** COC script execution and tickets (seed 001 §4.2.6, §4.3): `{data}` envelopes, `{error_code, error_msg}` errors. */
export const cocExecutionRoutes = {
  execute: defineRoute({
    method: 'POST',
    path: '/v1/job/scripts/:script_uuid',
    params: z.object({ script_uuid: z.string().min(1).max(25) }),
    body: ExecuteScriptBodySchema,
    response: UuidData,
    access: 'executions:run',
    summary: 'Execute an approved script on hosts in batches; returns the execute_uuid',
  }),
  listOrders: defineRoute({
    method: 'GET',
    path: '/v1/job/script/orders',
    query: OrderListQuerySchema,
    response: z.object({ data: z.object({ total: z.number().int(), data: z.array(OrderListItemSchema) }) }),
    access: 'read',
    summary: 'Script tickets, newest first',
  }),
  order: defineRoute({
    method: 'GET',
    path: '/v1/job/script/orders/:execute_uuid',
    params: ExecuteUuidParams,
    response: z.object({ data: OrderInfoSchema }),
    access: 'read',
    summary: 'Basic information of a script ticket',
  }),
  batches: defineRoute({
    method: 'GET',
    path: '/v1/job/script/orders/:execute_uuid/batches',
    params: ExecuteUuidParams,
    response: z.object({ data: z.array(BatchListItemSchema) }),
    access: 'read',
    summary: 'Batches of a script ticket',
  }),
  batch: defineRoute({
    method: 'GET',
    path: '/v1/job/script/orders/:execute_uuid/batches/:batch_index',
    params: ExecuteUuidParams.extend({ batch_index: z.coerce.number().int().min(1).max(L.batchesMax) }),
    query: BatchDetailQuerySchema,
    response: z.object({
      data: z.object({
        batch_index: z.number().int(),
        total_instances: z.number().int(),
        execute_instances: z.array(ExecutionInstanceModelSchema),
      }),
    }),
    access: 'read',
    summary: 'Instances of one batch (cursor paging by id)',
  }),
  statistics: defineRoute({
    method: 'GET',
    path: '/v1/job/script/orders/:execute_uuid/statistics',
    params: ExecuteUuidParams,
    response: z.object({ data: StatisticsSchema }),
    access: 'read',
    summary: 'Instance counts per status',
  }),
  operate: defineRoute({
    method: 'PUT',
    path: '/v1/job/script/orders/:execute_uuid/operation',
    params: ExecuteUuidParams,
    body: OperationBodySchema,
    response: UuidData,
    access: 'executions:run',
    summary: 'Cancel a host, skip a batch, pause/continue/cancel the ticket, retry hosts',
  }),
}

// ---- console ----

export const ExecutionQuerySchema = PageQuerySchema.extend({
  status: OrderStatusSchema.optional(),
  creator: z.string().max(64).optional(),
  /** Substring of the script name or the execute_uuid. */
  q: z.string().max(64).optional(),
  from: TimestampSchema.optional(),
  to: TimestampSchema.optional(),
  /** Tickets that ran on this CMDB host (the host drawer links here). */
  hostId: z.coerce.number().int().min(1).optional(),
})
export type ExecutionQuery = z.infer<typeof ExecutionQuerySchema>

export const StatusCountsSchema = z.object(
  Object.fromEntries(INSTANCE_STATUSES.map((s) => [s, z.number().int()])) as Record<
    (typeof INSTANCE_STATUSES)[number],
    z.ZodNumber
  >,
)
export type StatusCounts = z.infer<typeof StatusCountsSchema>

export const TICKET_KINDS = ['script', 'push_file'] as const
export type TicketKind = (typeof TICKET_KINDS)[number]

export const ExecutionSummarySchema = z.object({
  executeUuid: z.string(),
  orderId: z.number().int(),
  /** `script` runs a script; `push_file` pushes files of the file library (fast_push_file, plan file steps). */
  kind: z.enum(TICKET_KINDS).default('script'),
  scriptUuid: z.string(),
  scriptName: z.string(),
  scriptType: ScriptTypeSchema,
  riskLevel: RiskLevelSchema,
  status: OrderStatusSchema,
  creator: z.string(),
  createdAt: TimestampSchema,
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
  currentBatch: z.number().int(),
  totalBatches: z.number().int(),
  totalInstances: z.number().int(),
  counts: StatusCountsSchema,
  /** Why the ticket is ABNORMAL. */
  message: z.string(),
})
export type ExecutionSummary = z.infer<typeof ExecutionSummarySchema>

export const ExecutionBatchSchema = z.object({
  index: z.number().int(),
  rotation: RotationStrategySchema,
  status: BatchStatusSchema,
  total: z.number().int(),
  counts: StatusCountsSchema,
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
})

export const ExecutionDetailSchema = ExecutionSummarySchema.extend({
  scriptVersion: z.string(),
  scriptRevision: z.number().int(),
  content: z.string(),
  timeout: z.number().int(),
  successRate: z.number(),
  executeUser: z.string(),
  resourceful: z.boolean(),
  /** Sensitive values are `******`. */
  params: z.array(z.object({ name: z.string(), value: z.string(), sensitive: z.boolean() })),
  batches: z.array(ExecutionBatchSchema),
  /** Ticket-level operations the server allows now. */
  allowedOperations: z.array(OperationTypeSchema),
})
export type ExecutionDetail = z.infer<typeof ExecutionDetailSchema>

export const InstanceViewSchema = z.object({
  id: z.number().int(),
  batchIndex: z.number().int(),
  hostId: z.number().int().nullable(),
  hostName: z.string(),
  ip: z.string(),
  agentSn: z.string(),
  resourceId: z.string(),
  status: InstanceStatusSchema,
  exitCode: z.number().int().nullable(),
  /** Outcome in words: `exit code 1`, `timed out after 30 s`, `agent lost` … */
  message: z.string(),
  attempt: z.number().int(),
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
  logBytes: z.number().int(),
})
export type InstanceView = z.infer<typeof InstanceViewSchema>

export const InstanceQuerySchema = PageQuerySchema.extend({
  batchIndex: z.coerce.number().int().min(1).max(L.batchesMax).optional(),
  status: InstanceStatusSchema.optional(),
  /** Host name or IP substring. */
  q: z.string().max(64).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
})

export const LogStreamSchema = z.enum(['stdout', 'stderr'])
export type LogStream = z.infer<typeof LogStreamSchema>

/**
 * Where a piece of the log came from: the next `length` characters (UTF-16 code units) of the log text were
 * written to `stream` at `at`. The marks of a log, in order, cover its text from the start; text past the last
 * mark (an older log, before marks were kept) has no stream or time.
 */
export const LogMarkSchema = z.object({
  length: z.number().int().min(0),
  stream: LogStreamSchema,
  at: TimestampSchema,
})
export type LogMark = z.infer<typeof LogMarkSchema>

export const InstanceLogSchema = z.object({
  instanceId: z.number().int(),
  status: InstanceStatusSchema,
  /** The output as plain text (what the COC API returns as the instance's message). */
  log: z.string(),
  /** Stream and time of each piece of `log`, in order. */
  marks: z.array(LogMarkSchema),
  truncated: z.boolean(),
  bytes: z.number().int(),
  /** How the run ended, for the log's closing line: null while it runs or when killed by a signal. */
  exitCode: z.number().int().nullable(),
  /** Outcome in words (`exit code 1`, `timed out after 30 s` …); empty while it runs. */
  message: z.string(),
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
})
export type InstanceLog = z.infer<typeof InstanceLogSchema>

/** Longest rollback plan a HIGH-risk console run may carry into its approval. */
export const EXECUTION_ROLLBACK_MAX = 4000

/** The wizard's submit: the COC body for one script plus the console's explicit high-risk confirmation. */
export const CreateExecutionBodySchema = ExecuteScriptBodySchema.extend({
  script_uuid: z.string().min(1).max(25),
  /** Must be true to run a HIGH-risk script from the console. */
  confirm_high_risk: z.boolean().default(false),
  /**
   * How to undo the run if it goes wrong: the approval's rollback notes when a HIGH-risk run waits for one
   * (the wizard asks for it when the script is HIGH risk; optional).
   */
  rollback_plan: z.string().max(EXECUTION_ROLLBACK_MAX).default(''),
})
export type CreateExecutionBody = z.input<typeof CreateExecutionBodySchema>

/**
 * The wizard's submit answers the ticket it started, or (a HIGH-risk script run by someone who is not an
 * admin) the approval the run now waits for: its ticket is created only when approved.
 */
export const CreateExecutionResultSchema = z.union([
  z.object({ executeUuid: z.string(), approvalId: z.null() }),
  z.object({ executeUuid: z.null(), approvalId: z.string() }),
])
export type CreateExecutionResult = z.infer<typeof CreateExecutionResultSchema>

export const ExecutionOperationBodySchema = z.object({
  operation: OperationTypeSchema,
  batchIndex: z.number().int().min(1).max(L.batchesMax).optional(),
  instanceId: z.number().int().min(1).optional(),
})

const ExecuteUuid = z.object({ executeUuid: z.string().min(1).max(L.executeUuidMax) })

/**
 * Run again with edits (AWX "relaunch with prompts"). Everything left out is copied from the ticket; the new
 * ticket is checked like any submit (approved script, valid values, online hosts).
 */
export const RerunBodySchema = z.object({
  /** Must be true to run a HIGH-risk script from the console. */
  confirm_high_risk: z.boolean().default(false),
  /**
   * Parameter values to change, by name; the others keep the ticket's values (sensitive ones included). A
   * sensitive value sent as `******` (the mask the console shows) is kept, never stored as the mask.
   */
  params: z
    .array(
      z.object({
        param_name: z.string().regex(PARAM_NAME_PATTERN),
        param_value: z.string().max(SCRIPT_LIMITS.paramValueMax),
      }),
    )
    .max(SCRIPT_LIMITS.paramsMax)
    .optional(),
  /** The approval's rollback notes when a HIGH-risk run waits for one (see CreateExecutionBodySchema). */
  rollback_plan: z.string().max(EXECUTION_ROLLBACK_MAX).default(''),
  /** `failed`: only the hosts that ended ABNORMAL or CANCELED, in their batches (AWX "relaunch on failed hosts"). */
  hosts: z.enum(['all', 'failed']).default('all'),
  /** New hosts and batches; replaces the ticket's (and `hosts`). */
  execute_batches: z.array(ExecuteBatchSchema).min(1).max(L.batchesMax).optional(),
  /**
   * Options to change; the others keep the ticket's. The timeout may go up to the ticket's own maximum
   * (relaunchTimeoutMax: 1800 s, or a plan step ticket's longer timeout), checked against the ticket.
   */
  options: ExecuteParamSchema.pick({ success_rate: true, execute_user: true })
    .extend({
      timeout: z.coerce.number().int().min(L.timeoutMin).max(L.stepTimeoutMax),
      resourceful: z.boolean(),
    })
    .partial()
    .optional(),
})
export type RerunBody = z.input<typeof RerunBodySchema>

export const executionRoutes = {
  create: defineRoute({
    method: 'POST',
    path: '/api/executions',
    body: CreateExecutionBodySchema,
    response: CreateExecutionResultSchema,
    status: 201,
    access: 'executions:run',
    summary: 'Start an execution (the wizard); a HIGH-risk script run by a non-admin waits for an approval instead',
  }),
  list: defineRoute({
    method: 'GET',
    path: '/api/executions',
    query: ExecutionQuerySchema,
    response: pageOf(ExecutionSummarySchema),
    access: 'read',
    summary: 'Tickets with filters',
  }),
  detail: defineRoute({
    method: 'GET',
    path: '/api/executions/:executeUuid',
    params: ExecuteUuid,
    response: ExecutionDetailSchema,
    access: 'read',
    summary: 'A ticket with its batches and allowed operations',
  }),
  instances: defineRoute({
    method: 'GET',
    path: '/api/executions/:executeUuid/instances',
    params: ExecuteUuid,
    query: InstanceQuerySchema,
    response: pageOf(InstanceViewSchema),
    access: 'read',
    summary: 'Hosts of a ticket',
  }),
  log: defineRoute({
    method: 'GET',
    path: '/api/executions/:executeUuid/instances/:instanceId/log',
    params: ExecuteUuid.extend({ instanceId: z.coerce.number().int().min(1) }),
    response: InstanceLogSchema,
    access: 'read',
    summary: 'Log of one host',
  }),
  operate: defineRoute({
    method: 'POST',
    path: '/api/executions/:executeUuid/operations',
    params: ExecuteUuid,
    body: ExecutionOperationBodySchema,
    response: ExecutionDetailSchema,
    access: 'executions:run',
    summary: 'Operate a ticket',
  }),
  rerun: defineRoute({
    method: 'POST',
    path: '/api/executions/:executeUuid/rerun',
    params: ExecuteUuid,
    body: RerunBodySchema,
    response: CreateExecutionResultSchema,
    status: 201,
    access: 'executions:run',
    summary:
      'Run again (or retry the failed hosts) as a new ticket: same script, parameters (secrets included), hosts, batches and options unless overridden',
  }),
  /** Server-sent events (see execution-events.ts); the response schema documents the stream's content type only. */
  events: defineRoute({
    method: 'GET',
    path: '/api/executions/:executeUuid/events',
    params: ExecuteUuid,
    response: z.string(),
    access: 'read',
    summary: 'Live ticket, batch, host and log events (text/event-stream)',
  }),
}
