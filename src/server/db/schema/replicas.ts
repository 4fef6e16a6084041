import { bigserial, index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { ts } from '../columns'

/** Which replica holds each connected agent's WebSocket (commands for the agent go to that replica). */
export const agentSessions = pgTable('agent_sessions', {
  agentSn: text('agent_sn').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  replicaId: text('replica_id').notNull(),
  connectedAt: ts('connected_at').notNull().defaultNow(),
})

/** Bus messages too big for a NOTIFY payload; the notification carries the id. */
export const busPayloads = pgTable(
  'bus_payloads',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('bus_payloads_created_idx').on(t.createdAt)],
)

/**
 * The job-queue workers of each replica and when that replica last beat. A replica that stops beating is dead:
 * the jobs (and named queues) its workers held are unlocked for the others, instead of waiting out
 * graphile-worker's 4-hour stale-lock window.
 */
export const jobWorkers = pgTable(
  'job_workers',
  {
    workerId: text('worker_id').primaryKey(),
    replicaId: text('replica_id').notNull(),
    beatAt: ts('beat_at').notNull().defaultNow(),
  },
  (t) => [index('job_workers_beat_idx').on(t.beatAt)],
)
