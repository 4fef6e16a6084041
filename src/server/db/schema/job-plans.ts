import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { ts } from '../columns'
import type { PlanDefinition, RunStatus, StepKind, StepStatus } from '../../../contract/job-plans'
import type { ExecuteScriptBody } from '../../../contract/executions'
import { tenants } from './identity'
import type { InboxPhrase } from '../../../contract/inbox-text'
import type { StoredParam } from './scripts'

/** The stored plan definition: PlanDefinition with sensitive variable defaults sealed. */
export type StoredPlanDefinition = PlanDefinition

export const jobPlans = pgTable(
  'job_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bkJobId: bigserial('bk_job_id', { mode: 'number' }).notNull().unique(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    version: integer('version').notNull().default(1),
    status: text('status').$type<'active' | 'pending_review' | 'rejected'>().notNull(),
    definition: jsonb('definition').$type<StoredPlanDefinition>().notNull(),
    approvedVersion: integer('approved_version'),
    /** The open approval reviewing the pending version (signed links to reviewers). */
    reviewApprovalId: uuid('review_approval_id'),
    creatorId: uuid('creator_id'),
    creatorName: text('creator_name').notNull(),
    updatedBy: text('updated_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('job_plans_tenant_id_name_key').on(t.tenantId, t.name),
    index('job_plans_tenant_updated_idx').on(t.tenantId, t.updatedAt.desc()),
  ],
)
export type JobPlanRow = typeof jobPlans.$inferSelect

export const jobPlanVersions = pgTable(
  'job_plan_versions',
  {
    planId: uuid('plan_id')
      .notNull()
      .references(() => jobPlans.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<StoredPlanDefinition>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.version] })],
)

export const planRuns = pgTable(
  'plan_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bkInstanceId: bigint('bk_instance_id', { mode: 'number' })
      .notNull()
      .unique()
      .default(sql`nextval('execution_orders_id_seq'::regclass)`),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => jobPlans.id, { onDelete: 'cascade' }),
    planName: text('plan_name').notNull(),
    planVersion: integer('plan_version').notNull(),
    definition: jsonb('definition').$type<StoredPlanDefinition>().notNull(),
    variables: jsonb('variables').$type<Record<string, string>>().notNull().default({}),
    status: text('status').$type<RunStatus>().notNull(),
    currentStep: integer('current_step').notNull().default(0),
    message: text('message').notNull().default(''),
    /** What `message` was composed from, for readers of other languages (null on older rows). */
    messagePhrase: jsonb('message_phrase').$type<InboxPhrase>(),
    approvalId: uuid('approval_id'),
    scheduleId: uuid('schedule_id'),
    creatorId: uuid('creator_id'),
    creatorName: text('creator_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('plan_runs_tenant_idx').on(t.tenantId, t.createdAt.desc()),
    index('plan_runs_live_idx').on(t.status).where(sql`status IN ('waiting_approval', 'running', 'waiting')`),
  ],
)
export type PlanRunRow = typeof planRuns.$inferSelect

export const planRunSteps = pgTable(
  'plan_run_steps',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => planRuns.id, { onDelete: 'cascade' }),
    stepIndex: integer('step_index').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<StepKind>().notNull(),
    status: text('status').$type<StepStatus>().notNull(),
    executeUuid: text('execute_uuid'),
    approvalId: uuid('approval_id'),
    message: text('message').notNull().default(''),
    /** What `message` was composed from, when the server composed it (null: written by a person, or older). */
    messagePhrase: jsonb('message_phrase').$type<InboxPhrase>(),
    actor: text('actor'),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    /** BlueKing step_instance_id (same sequence as tickets and runs). */
    bkStepInstanceId: bigint('bk_step_instance_id', { mode: 'number' })
      .notNull()
      .default(sql`nextval('execution_orders_id_seq'::regclass)`),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.stepIndex] }),
    uniqueIndex('plan_run_steps_ticket_idx').on(t.executeUuid),
    uniqueIndex('plan_run_steps_bk_step_idx').on(t.bkStepInstanceId),
  ],
)
export type PlanRunStepRow = typeof planRunSteps.$inferSelect

export const planSchedules = pgTable(
  'plan_schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bkCronId: bigserial('bk_cron_id', { mode: 'number' }).notNull().unique(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => jobPlans.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    expression: text('expression').notNull(),
    kind: text('kind').$type<'quartz' | 'cron'>().notNull(),
    timeZone: text('time_zone').notNull(),
    catchUp: text('catch_up').$type<'skip' | 'run_once'>().notNull(),
    enabled: boolean('enabled').notNull().default(false),
    variables: jsonb('variables').$type<Record<string, string>>().notNull().default({}),
    generation: integer('generation').notNull().default(1),
    nextFireAt: ts('next_fire_at'),
    lastFireAt: ts('last_fire_at'),
    creatorId: uuid('creator_id'),
    creatorName: text('creator_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('plan_schedules_tenant_idx').on(t.tenantId, t.createdAt.desc())],
)
export type ScheduleRow = typeof planSchedules.$inferSelect

export const scheduleFires = pgTable(
  'schedule_fires',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => planSchedules.id, { onDelete: 'cascade' }),
    slotAt: ts('slot_at').notNull(),
    firedAt: ts('fired_at').notNull().defaultNow(),
    status: text('status').$type<'fired' | 'missed' | 'caught_up' | 'failed'>().notNull(),
    runId: uuid('run_id'),
    message: text('message').notNull().default(''),
  },
  (t) => [unique('schedule_fires_schedule_id_slot_at_key').on(t.scheduleId, t.slotAt)],
)

/** Status of a console run of a HIGH-risk script waiting for (or past) its approval. */
export type ExecutionRequestStatus =
  | 'waiting_approval'
  | 'approved'
  | 'started'
  | 'rejected'
  | 'timeout'
  | 'failed'
  | 'withdrawn'

/** What a waiting console run starts with once approved: the COC body without its parameters. */
export type ExecutionRequestBody = Omit<ExecuteScriptBody, 'execute_param'> & {
  execute_param: Omit<ExecuteScriptBody['execute_param'], 'script_params'>
}

/**
 * A console run of a HIGH-risk script by a non-admin, held until its approval settles (issue 17): the ticket
 * is created from it only when approved. Owned by the job-plans module, beside the plan runs it mirrors.
 */
export const executionRequests = pgTable(
  'execution_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    approvalId: uuid('approval_id').notNull().unique(),
    scriptUuid: text('script_uuid').notNull(),
    scriptName: text('script_name').notNull(),
    scriptRevision: integer('script_revision').notNull(),
    body: jsonb('body').$type<ExecutionRequestBody>().notNull(),
    /** The script's parameters with the given values, sensitive ones sealed. */
    params: jsonb('params').$type<StoredParam[]>().notNull().default([]),
    status: text('status').$type<ExecutionRequestStatus>().notNull(),
    executeUuid: text('execute_uuid'),
    message: text('message').notNull().default(''),
    creatorId: uuid('creator_id'),
    creatorName: text('creator_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    decidedAt: ts('decided_at'),
  },
  (t) => [index('execution_requests_tenant_idx').on(t.tenantId, t.createdAt.desc())],
)
export type ExecutionRequestRow = typeof executionRequests.$inferSelect
