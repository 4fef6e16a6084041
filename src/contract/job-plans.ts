import { z } from 'zod'
import { layoutProblems, sizesBySize, sizesFromExpression } from './batch-plan'
import { PageQuerySchema, TimestampSchema } from './common'
import { EXECUTION_LIMITS as L, ORDER_STATUSES } from './execution-rules'
import { defineRoute, pageOf } from './http'
import { InboxPhraseSchema } from './inbox-text'
import { RoleSchema } from './permissions'
import { type FieldIssue, fieldIssue, refusal } from './refusal-text'
import { PARAM_NAME_PATTERN } from './script-rules'

/** bk-job job templates ("job plans"): named, versioned lists of steps with plan variables. */
export const PLAN_LIMITS = {
  nameMax: 64,
  descriptionMax: 256,
  stepsMax: 50,
  variablesMax: 30,
  variableValueMax: 1024,
  allowedMax: 50,
  messageMax: 512,
  confirmersMax: 20,
  /** A script or file step's timeout (s): from the console's minimum up to seed 002's 86400 (bk-job steps). */
  stepTimeoutMin: L.timeoutMin,
  stepTimeoutMax: L.stepTimeoutMax,
} as const

/** A step's timeout in seconds; the message names the range so the editor and the job API can show it. */
const stepTimeout = () =>
  z
    .number()
    .int()
    .min(PLAN_LIMITS.stepTimeoutMin, `timeout: ${PLAN_LIMITS.stepTimeoutMin}–${PLAN_LIMITS.stepTimeoutMax} s`)
    .max(PLAN_LIMITS.stepTimeoutMax, `timeout: ${PLAN_LIMITS.stepTimeoutMin}–${PLAN_LIMITS.stepTimeoutMax} s`)
    .default(300)

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/

/** A plan variable: text, sensitive (sealed, shown as ******) or a host list (comma-separated resource ids). */
export const PlanVariableSchema = z.object({
  name: z.string().regex(VARIABLE_NAME, 'letters, digits and _ (1–32), not starting with a digit'),
  type: z.enum(['text', 'sensitive', 'hosts']),
  description: z.string().max(256).default(''),
  /** Default value; for `hosts` the resource ids separated by commas. */
  default: z.string().max(PLAN_LIMITS.variableValueMax).default(''),
  required: z.boolean().default(false),
  /** Text variables only: the values a run may choose from (empty = any). */
  allowed: z.array(z.string().max(PLAN_LIMITS.variableValueMax)).max(PLAN_LIMITS.allowedMax).default([]),
})
export type PlanVariable = z.infer<typeof PlanVariableSchema>

/** Where a step's hosts come from: the plan's hosts (neither set), its own list, or a host-list variable. */
export const StepHostsSchema = z.object({
  resourceIds: z.array(z.string().min(1).max(64)).max(L.hostsMax).optional(),
  variable: z.string().regex(VARIABLE_NAME).optional(),
})

/** Batching as in the wizard: fixed size or a rolling expression (`1 10 100%`), optional pause after each batch. */
export const StepBatchingSchema = z.object({
  mode: z.enum(['size', 'expression']).default('size'),
  size: z.number().int().min(1).max(L.hostsPerBatchMax).default(L.hostsPerBatchMax),
  expression: z.string().max(128).default(''),
  pauseAfterEach: z.boolean().default(false),
})
export type StepBatching = z.infer<typeof StepBatchingSchema>

/** A script parameter's value: a literal, or the value of a plan variable. */
export const StepParamSchema = z.object({
  name: z.string().regex(PARAM_NAME_PATTERN),
  value: z.string().max(PLAN_LIMITS.variableValueMax).optional(),
  variable: z.string().regex(VARIABLE_NAME).optional(),
})

const stepBase = {
  name: z.string().min(1).max(64),
}

/** Who may continue a confirmation step or decide an approval: user names and/or roles. */
export const ActorsSchema = z.object({
  users: z.array(z.string().min(1).max(64)).max(PLAN_LIMITS.confirmersMax).default([]),
  roles: z.array(RoleSchema).max(5).default([]),
})
export type Actors = z.infer<typeof ActorsSchema>

export const ScriptStepSchema = z.object({
  ...stepBase,
  kind: z.literal('script'),
  scriptUuid: z.string().min(1).max(64),
  params: z.array(StepParamSchema).max(20).default([]),
  hosts: StepHostsSchema.default({}),
  batching: StepBatchingSchema.default({ mode: 'size', size: 10, expression: '', pauseAfterEach: false }),
  timeout: stepTimeout(),
  executeUser: z.string().min(1).max(L.executeUserMax).default('root'),
  /** A failed step does not stop the plan. */
  ignoreErrors: z.boolean().default(false),
})

export const ConfirmStepSchema = z.object({
  ...stepBase,
  kind: z.literal('confirm'),
  message: z.string().max(PLAN_LIMITS.messageMax).default(''),
  /** Who may continue (or terminate) the run here; empty = anyone who may run plans. */
  confirmers: ActorsSchema.default({ users: [], roles: [] }),
})

export const ApprovalStepSchema = z.object({
  ...stepBase,
  kind: z.literal('approval'),
  message: z.string().max(PLAN_LIMITS.messageMax).default(''),
  approvers: ActorsSchema,
  /** `any`: the first approval passes; `all`: every named user must approve (roles: one holder each). */
  mode: z.enum(['any', 'all']).default('any'),
  timeoutMin: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(24 * 60),
  rollback: z.string().max(PLAN_LIMITS.messageMax).default(''),
})

/** File push (bk-job fast_push_file); defined for plans now, executed once the file-push service lands. */
export const FileStepSchema = z.object({
  ...stepBase,
  kind: z.literal('file'),
  /** Uploaded file ids of the file-distribution service. */
  fileIds: z.array(z.string().min(1).max(64)).max(20).default([]),
  targetPath: z.string().min(1).max(512),
  owner: z.string().max(64).default('root'),
  mode: z
    .string()
    .regex(/^[0-7]{3,4}$/)
    .default('0644'),
  hosts: StepHostsSchema.default({}),
  timeout: stepTimeout(),
  ignoreErrors: z.boolean().default(false),
})

export const PlanStepSchema = z.discriminatedUnion('kind', [
  ScriptStepSchema,
  ConfirmStepSchema,
  ApprovalStepSchema,
  FileStepSchema,
])
export type PlanStep = z.infer<typeof PlanStepSchema>
export type PlanStepInput = z.input<typeof PlanStepSchema>
export const STEP_KINDS = ['script', 'confirm', 'approval', 'file'] as const
export type StepKind = (typeof STEP_KINDS)[number]

export const PlanDefinitionSchema = z.object({
  description: z.string().max(PLAN_LIMITS.descriptionMax).default(''),
  /** The plan's hosts (resource ids), used by steps that name none. */
  hosts: z.array(z.string().min(1).max(64)).max(L.hostsMax).default([]),
  variables: z.array(PlanVariableSchema).max(PLAN_LIMITS.variablesMax).default([]),
  steps: z.array(PlanStepSchema).min(1).max(PLAN_LIMITS.stepsMax),
})
export type PlanDefinition = z.infer<typeof PlanDefinitionSchema>

export const PLAN_NAME = /^[A-Za-z0-9_.\- \u4e00-\u9fa5]{1,64}$/
export const SavePlanBodySchema = PlanDefinitionSchema.extend({
  name: z.string().regex(PLAN_NAME, 'letters, digits, CJK, space, _ . - (1–64)'),
})
export type SavePlanBody = z.infer<typeof SavePlanBodySchema>

type Issue = FieldIssue

/** Hosts a step targets, given the run's variable values (host lists as comma-separated resource ids). */
export function stepHosts(
  step: { hosts: { resourceIds?: string[]; variable?: string } },
  planHosts: string[],
  values: Record<string, string>,
): string[] {
  if (step.hosts.variable) return splitHosts(values[step.hosts.variable] ?? '')
  if (step.hosts.resourceIds?.length) return step.hosts.resourceIds
  return planHosts
}

export function splitHosts(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ]
}

/**
 * Where a plan names hosts by resource id: its hosts, each script/file step's own hosts and each host-list
 * variable's default (places naming none left out).
 */
export function planHostRefs(def: Pick<PlanDefinition, 'hosts' | 'steps' | 'variables'>) {
  return [
    { path: 'hosts', ids: def.hosts },
    ...def.steps.map((s, i) => ({
      path: `steps[${i}].hosts.resourceIds`,
      ids: s.kind === 'script' || s.kind === 'file' ? (s.hosts.resourceIds ?? []) : [],
    })),
    ...def.variables.map((v, i) => ({
      path: `variables[${i}].default`,
      ids: v.type === 'hosts' ? splitHosts(v.default) : [],
    })),
  ].filter((r) => r.ids.length > 0)
}

/** One issue per place of the plan that names host ids not in `known` (the tenant's hosts), naming them. */
export function unknownHostIssues(
  def: Pick<PlanDefinition, 'hosts' | 'steps' | 'variables'>,
  known: ReadonlySet<string>,
): Issue[] {
  return planHostRefs(def).flatMap(({ path, ids }) => {
    const unknown = [...new Set(ids.filter((id) => !known.has(id)))]
    return unknown.length ? [{ path, message: `no host ${unknown.join(', ')} in this tenant` }] : []
  })
}

/** Where a plan names users (by user name): each confirmation step's confirmers and approval step's approvers. */
export function planUserRefs(def: Pick<PlanDefinition, 'steps'>) {
  return def.steps
    .flatMap((s, i) =>
      s.kind === 'confirm'
        ? [{ path: `steps[${i}].confirmers.users`, names: s.confirmers.users }]
        : s.kind === 'approval'
          ? [{ path: `steps[${i}].approvers.users`, names: s.approvers.users }]
          : [],
    )
    .filter((r) => r.names.length > 0)
}

/**
 * One issue per step that names users not in `known` (the tenant's enabled users' names), naming them: such
 * a confirmer or approver could never act, so the step would wait until it times out.
 */
export function unknownUserIssues(def: Pick<PlanDefinition, 'steps'>, known: ReadonlySet<string>): Issue[] {
  return planUserRefs(def).flatMap(({ path, names }) => {
    const unknown = [...new Set(names.filter((n) => !known.has(n)))]
    return unknown.length ? [{ path, message: `no user ${unknown.join(', ')} in this tenant` }] : []
  })
}

/** Batch sizes of a step over `n` hosts, or the wizard's reason why not. */
export function stepBatchSizes(batching: StepBatching, n: number): { sizes: number[] } | { error: string } {
  const sizes =
    batching.mode === 'expression'
      ? sizesFromExpression(n, batching.expression)
      : { sizes: sizesBySize(n, batching.size) }
  if ('error' in sizes) return sizes
  const problems = layoutProblems(sizes.sizes)
  return problems.length ? { error: problems.join('; ') } : sizes
}

/**
 * What is wrong with a plan definition, independent of the database: variable names unique, references to
 * existing variables of the right type, defaults within the allowed values, batching that the engine accepts
 * for the hosts known now (host-list variables are checked at run time).
 */
export function planProblems(def: PlanDefinition): Issue[] {
  const issues: Issue[] = []
  const vars = new Map<string, PlanVariable>()
  def.variables.forEach((v, i) => {
    const vat = `variables[${i}]`
    if (vars.has(v.name)) issues.push(fieldIssue(`${vat}.name`, refusal('plan.var-twice', { at: vat, name: v.name })))
    vars.set(v.name, v)
    if (v.type !== 'text' && v.allowed.length)
      issues.push(fieldIssue(`${vat}.allowed`, refusal('plan.var-allowed-text-only', { at: vat })))
    if (v.allowed.length && v.default && !v.allowed.includes(v.default))
      issues.push(fieldIssue(`${vat}.default`, refusal('plan.var-default-not-allowed', { at: vat })))
  })
  const names = new Set<string>()
  def.steps.forEach((s, i) => {
    const at = `steps[${i}]`
    if (names.has(s.name)) issues.push(fieldIssue(`${at}.name`, refusal('plan.step-name-twice', { at, name: s.name })))
    names.add(s.name)
    if (s.kind === 'script' || s.kind === 'file') {
      if (s.hosts.variable) {
        const v = vars.get(s.hosts.variable)
        if (v?.type !== 'hosts')
          issues.push(
            fieldIssue(`${at}.hosts.variable`, refusal('plan.not-host-variable', { at, name: s.hosts.variable })),
          )
      } else {
        const hosts = stepHosts(s, def.hosts, {})
        if (!hosts.length) issues.push(fieldIssue(`${at}.hosts`, refusal('plan.no-hosts', { at })))
        else if (s.kind === 'script') {
          const b = stepBatchSizes(s.batching, hosts.length)
          if ('error' in b) issues.push({ path: `${at}.batching`, message: b.error })
        }
      }
    }
    if (s.kind === 'script') {
      const seen = new Set<string>()
      s.params.forEach((p, j) => {
        const pat = `${at}.params[${j}]`
        if (seen.has(p.name))
          issues.push(fieldIssue(`${pat}.name`, refusal('plan.param-twice', { at: pat, name: p.name })))
        seen.add(p.name)
        if ((p.value === undefined) === (p.variable === undefined))
          issues.push(fieldIssue(pat, refusal('plan.param-value-or-variable', { at: pat })))
        if (p.variable) {
          const v = vars.get(p.variable)
          if (!v || v.type === 'hosts')
            issues.push(
              fieldIssue(`${pat}.variable`, refusal('plan.param-not-text-variable', { at: pat, name: p.variable })),
            )
        }
      })
      if (s.batching.mode === 'expression' && !s.batching.expression.trim())
        issues.push(fieldIssue(`${at}.batching.expression`, refusal('plan.expression-empty', { at })))
    }
    if (s.kind === 'file' && !s.fileIds.length)
      issues.push(fieldIssue(`${at}.fileIds`, refusal('plan.no-files', { at })))
    if (s.kind === 'approval' && !s.approvers.users.length && !s.approvers.roles.length)
      issues.push(fieldIssue(`${at}.approvers`, refusal('plan.no-approvers', { at })))
  })
  return issues
}

/**
 * A run's variable values: given values over defaults, required ones present, text values within the allowed
 * values, names known. Sensitive values are returned in clear; the server seals them.
 */
export function resolveVariables(
  defs: PlanVariable[],
  given: Record<string, string>,
): { values: Record<string, string>; issues: FieldIssue[] } {
  const issues: FieldIssue[] = []
  const values: Record<string, string> = {}
  const known = new Set(defs.map((d) => d.name))
  for (const name of Object.keys(given))
    if (!known.has(name)) issues.push(fieldIssue(`variables.${name}`, refusal('run.unknown-variable', { name })))
  for (const d of defs) {
    const v = given[d.name] ?? d.default
    const path = `variables.${d.name}`
    if (d.required && !v.trim()) issues.push(fieldIssue(path, refusal('run.variable-required', { name: d.name })))
    if (d.allowed.length && v && !d.allowed.includes(v))
      issues.push(
        fieldIssue(path, refusal('run.variable-not-allowed', { name: d.name, allowed: d.allowed.join(', ') })),
      )
    values[d.name] = v
  }
  return { values, issues }
}

export const PlanStatusSchema = z.enum(['active', 'pending_review', 'rejected'])

export const JobPlanSchema = PlanDefinitionSchema.extend({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  /** `pending_review`: a reviewer must approve this version before it runs (plans with HIGH-risk scripts). */
  status: PlanStatusSchema,
  creatorName: z.string(),
  updatedBy: z.string(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
})
export type JobPlan = z.infer<typeof JobPlanSchema>

export const PlanVersionSchema = z.object({
  version: z.number().int(),
  definition: PlanDefinitionSchema,
  createdBy: z.string(),
  createdAt: TimestampSchema,
})

export const PlanListQuerySchema = PageQuerySchema.extend({ name: z.string().max(64).optional() })

// ---- runs -------------------------------------------------------------------------------------------------

export const RUN_STATUSES = [
  'waiting_approval',
  'running',
  'waiting',
  'finished',
  'failed',
  'canceled',
  'rejected',
] as const
export const RunStatusSchema = z.enum(RUN_STATUSES)
export type RunStatus = z.infer<typeof RunStatusSchema>
export const STEP_STATUSES = ['pending', 'running', 'waiting', 'finished', 'failed', 'ignored', 'canceled'] as const
export const StepStatusSchema = z.enum(STEP_STATUSES)
export type StepStatus = z.infer<typeof StepStatusSchema>

export const RunStepSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  kind: z.enum(STEP_KINDS),
  status: StepStatusSchema,
  /** The execution ticket of a script step (link into the ticket page). */
  executeUuid: z.string().nullable(),
  ticketStatus: z.enum(ORDER_STATUSES).nullable(),
  approvalId: z.string().nullable(),
  /** English; `messagePhrase`, when present, is what the SPA shows (in the reader's language). */
  message: z.string(),
  messagePhrase: InboxPhraseSchema.nullable(),
  actor: z.string().nullable(),
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
  /** The caller may continue / terminate this waiting confirmation step. */
  canConfirm: z.boolean(),
})
export type RunStep = z.infer<typeof RunStepSchema>

export const PlanRunSchema = z.object({
  id: z.string(),
  planId: z.string(),
  planName: z.string(),
  planVersion: z.number().int(),
  status: RunStatusSchema,
  currentStep: z.number().int(),
  /** Sensitive values masked. */
  variables: z.record(z.string(), z.string()),
  steps: z.array(RunStepSchema),
  message: z.string(),
  messagePhrase: InboxPhraseSchema.nullable(),
  creatorName: z.string(),
  scheduleId: z.string().nullable(),
  approvalId: z.string().nullable(),
  createdAt: TimestampSchema,
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
})
export type PlanRun = z.infer<typeof PlanRunSchema>

export const RunPlanBodySchema = z.object({
  variables: z.record(z.string(), z.string().max(PLAN_LIMITS.variableValueMax)).default({}),
})
export const RunListQuerySchema = PageQuerySchema.extend({
  planId: z.string().optional(),
  status: RunStatusSchema.optional(),
})
export const RemarkBodySchema = z.object({ remark: z.string().max(512).default('') })

const planParams = z.object({ planId: z.string().uuid() })
const runParams = z.object({ runId: z.string().uuid() })

export const jobPlanRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/job-plans',
    query: PlanListQuerySchema,
    response: pageOf(JobPlanSchema),
    summary: 'List job plans',
    access: 'read',
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/job-plans',
    body: SavePlanBodySchema,
    response: JobPlanSchema,
    status: 201,
    summary: 'Create a job plan (version 1)',
    access: 'scripts:write',
  }),
  detail: defineRoute({
    method: 'GET',
    path: '/api/job-plans/:planId',
    params: planParams,
    response: JobPlanSchema,
    summary: 'A job plan',
    access: 'read',
  }),
  update: defineRoute({
    method: 'PUT',
    path: '/api/job-plans/:planId',
    params: planParams,
    body: SavePlanBodySchema,
    response: JobPlanSchema,
    summary: 'Save a new version of a job plan',
    access: 'scripts:write',
  }),
  versions: defineRoute({
    method: 'GET',
    path: '/api/job-plans/:planId/versions',
    params: planParams,
    response: z.array(PlanVersionSchema),
    summary: 'Versions of a job plan, newest first',
    access: 'read',
  }),
  review: defineRoute({
    method: 'POST',
    path: '/api/job-plans/:planId/review',
    params: planParams,
    body: z.object({ decision: z.enum(['approve', 'reject']), remark: z.string().max(512).default('') }),
    response: JobPlanSchema,
    summary: 'Approve or reject the pending version of a plan (a reviewer who is not its author)',
    access: 'scripts:review',
  }),
  run: defineRoute({
    method: 'POST',
    path: '/api/job-plans/:planId/runs',
    params: planParams,
    body: RunPlanBodySchema,
    response: PlanRunSchema,
    status: 201,
    summary: 'Run a job plan',
    access: 'executions:run',
  }),
  runs: defineRoute({
    method: 'GET',
    path: '/api/plan-runs',
    query: RunListQuerySchema,
    response: pageOf(PlanRunSchema),
    summary: 'List plan runs',
    access: 'read',
  }),
  runDetail: defineRoute({
    method: 'GET',
    path: '/api/plan-runs/:runId',
    params: runParams,
    response: PlanRunSchema,
    summary: 'A plan run with its steps',
    access: 'read',
  }),
  confirm: defineRoute({
    method: 'POST',
    path: '/api/plan-runs/:runId/steps/:stepIndex/:decision',
    params: runParams.extend({
      stepIndex: z.coerce.number().int().min(0),
      decision: z.enum(['continue', 'terminate']),
    }),
    body: RemarkBodySchema,
    response: PlanRunSchema,
    summary: 'Continue (or terminate the run at) a waiting confirmation step',
    access: 'authenticated',
  }),
  cancel: defineRoute({
    method: 'POST',
    path: '/api/plan-runs/:runId/cancel',
    params: runParams,
    body: RemarkBodySchema,
    response: PlanRunSchema,
    summary: 'Cancel a plan run (its running ticket is canceled too)',
    access: 'executions:run',
  }),
}
