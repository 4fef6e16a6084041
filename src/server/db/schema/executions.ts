import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core'
import { ts } from '../columns'
import type { BatchStatus, InstanceStatus, OrderStatus, RotationStrategy } from '../../../contract/execution-rules'
import { cmdbHosts } from './cmdb'
import { tenants } from './identity'
import { scripts, type StoredParam } from './scripts'

/** What a push_file ticket pushes: stored files to a directory on each host, with owner and mode. */
export interface PushSpec {
  /** Files to push; `dir` overrides targetDir (a source host's [FILESRCIP]). Fetched files are appended. */
  files: { id: string; name: string; size: number; sha256: string; dir?: string }[]
  /**
   * Source hosts (batch 1 of the ticket): each uploads its `paths` (absolute, or `REGEX:` in the last component)
   * to the library first; their files are pushed to `dir` by the targets in batch 2.
   */
  sources?: { agentSn: string; ip: string; paths: string[]; dir: string }[]
  targetDir: string
  /** Owner of the written files; empty: the execute user. */
  owner: string
  /** Octal mode, e.g. `644`. */
  mode: string
}

/** A ticket. `id` is COC's order_id (list marker), `uuid` the execute_uuid. */
export const executionOrders = pgTable(
  'execution_orders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uuid: text('uuid').notNull().unique(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    scriptId: bigint('script_id', { mode: 'number' }).references(() => scripts.id, { onDelete: 'set null' }),
    scriptUuid: text('script_uuid').notNull(),
    scriptName: text('script_name').notNull(),
    scriptType: text('script_type', { enum: ['SHELL', 'PYTHON', 'BAT'] }).notNull(),
    scriptRevision: integer('script_revision').notNull(),
    scriptVersion: text('script_version').notNull(),
    riskLevel: text('risk_level', { enum: ['LOW', 'MEDIUM', 'HIGH'] }).notNull(),
    content: text('content').notNull(),
    params: jsonb('params').$type<StoredParam[]>().notNull().default([]),
    executeUser: text('execute_user').notNull(),
    timeoutSec: integer('timeout_sec').notNull(),
    successRate: doublePrecision('success_rate').notNull(),
    resourceful: boolean('resourceful').notNull().default(true),
    status: text('status').$type<OrderStatus>().notNull(),
    currentBatch: integer('current_batch').notNull().default(1),
    message: text('message').notNull().default(''),
    regionIds: text('region_ids').notNull().default(''),
    creatorId: uuid('creator_id'),
    creatorName: text('creator_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /** The replica driving this live ticket while its lease is renewed (see lease-keeper.ts). */
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: ts('lease_expires_at'),
    /** `script` runs `content`; `push_file` pushes the files of `push_spec` (content is empty). */
    kind: text('kind', { enum: ['script', 'push_file'] })
      .notNull()
      .default('script'),
    pushSpec: jsonb('push_spec').$type<PushSpec>(),
  },
  (t) => [
    index('execution_orders_tenant_idx').on(t.tenantId, t.id.desc()),
    index('execution_orders_script_idx').on(t.scriptId),
    index('execution_orders_live_idx').on(t.status).where(sql`status IN ('READY', 'PROCESSING', 'PAUSED')`),
    index('execution_orders_finished_idx').on(t.finishedAt).where(sql`finished_at IS NOT NULL`),
  ],
)

export const executionBatches = pgTable(
  'execution_batches',
  {
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => executionOrders.id, { onDelete: 'cascade' }),
    batchIndex: integer('batch_index').notNull(),
    rotationStrategy: text('rotation_strategy').$type<RotationStrategy>().notNull(),
    status: text('status').$type<BatchStatus>().notNull(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.batchIndex] })],
)

/** One host of a ticket. `attempt` counts runs (retries add one); `command_id` is written before the run is sent. */
export const executionInstances = pgTable(
  'execution_instances',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => executionOrders.id, { onDelete: 'cascade' }),
    batchIndex: integer('batch_index').notNull(),
    hostId: integer('host_id').references(() => cmdbHosts.id, { onDelete: 'set null' }),
    resourceId: text('resource_id').notNull(),
    agentSn: text('agent_sn').notNull(),
    hostName: text('host_name').notNull(),
    fixedIp: text('fixed_ip').notNull().default(''),
    regionId: text('region_id').notNull().default(''),
    zoneId: text('zone_id').notNull().default(''),
    status: text('status').$type<InstanceStatus>().notNull(),
    attempt: integer('attempt').notNull().default(0),
    commandId: text('command_id'),
    exitCode: integer('exit_code'),
    message: text('message').notNull().default(''),
    log: text('log').notNull().default(''),
    /** Stream and time of each piece of `log`: `[length (UTF-16 units), stream, epoch ms]`, in order. */
    logMarks: jsonb('log_marks').$type<StoredLogMark[]>().notNull().default([]),
    logTruncated: boolean('log_truncated').notNull().default(false),
    /** Set when retention emptied `log` (RETENTION_TICKET_LOG_DAYS after the ticket finished). */
    logPurgedAt: ts('log_purged_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    /** When the agent acknowledged this attempt's run (a take-over resends only a run never acknowledged). */
    dispatchedAt: ts('dispatched_at'),
  },
  (t) => [
    index('execution_instances_order_idx').on(t.orderId, t.batchIndex, t.id),
    index('execution_instances_host_idx').on(t.hostId),
  ],
)
/** `[length in UTF-16 code units, stream, epoch ms]` of one piece of a log. */
export type StoredLogMark = [number, 'stdout' | 'stderr', number]

/** Output of running attempts, appended as it arrives and folded into the instance's log at its end. */
export const executionLogChunks = pgTable(
  'execution_log_chunks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    instanceId: bigint('instance_id', { mode: 'number' })
      .notNull()
      .references(() => executionInstances.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    data: text('data').notNull(),
    stream: text('stream').$type<'stdout' | 'stderr'>().notNull().default('stdout'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('execution_log_chunks_instance_idx').on(t.instanceId, t.attempt, t.id)],
)

export type ExecutionOrderRow = typeof executionOrders.$inferSelect
export type ExecutionInstanceRow = typeof executionInstances.$inferSelect
export type ExecutionBatchRow = typeof executionBatches.$inferSelect
