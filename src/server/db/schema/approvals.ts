import { bigserial, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { ts } from '../columns'
import type { ApprovalStatus } from '../../../contract/approvals'
import type { Actors } from '../../../contract/job-plans'
import { tenants } from './identity'

/** Approvals (ITSM create_ticket / operate_node), their timeline and signed links: the approvals module's. */
export const approvals = pgTable(
  'approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    title: text('title').notNull(),
    request: text('request').notNull(),
    risk: text('risk').$type<'LOW' | 'MEDIUM' | 'HIGH'>().notNull(),
    targets: jsonb('targets').$type<string[]>().notNull().default([]),
    contentDiff: text('content_diff').notNull().default(''),
    rollback: text('rollback').notNull().default(''),
    approvers: jsonb('approvers').$type<Actors>().notNull(),
    mode: text('mode').$type<'any' | 'all'>().notNull(),
    status: text('status').$type<ApprovalStatus>().notNull(),
    runId: uuid('run_id'),
    /** The plan version this approval reviews (HIGH-risk plan versions), else null. */
    planId: uuid('plan_id'),
    planVersion: integer('plan_version'),
    requesterId: uuid('requester_id'),
    requester: text('requester').notNull(),
    timeoutAt: ts('timeout_at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    decidedAt: ts('decided_at'),
  },
  (t) => [index('approvals_tenant_idx').on(t.tenantId, t.createdAt.desc())],
)
export type ApprovalRow = typeof approvals.$inferSelect

export const approvalEvents = pgTable(
  'approval_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    approvalId: uuid('approval_id')
      .notNull()
      .references(() => approvals.id, { onDelete: 'cascade' }),
    at: ts('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actor: text('actor').notNull(),
    actorRole: text('actor_role'),
    onBehalfOf: text('on_behalf_of'),
    onBehalfRole: text('on_behalf_role'),
    action: text('action')
      .$type<'create' | 'approve' | 'reject' | 'delegate' | 'timeout' | 'cancel' | 'withdraw'>()
      .notNull(),
    remark: text('remark').notNull().default(''),
    target: text('target'),
  },
  (t) => [index('approval_events_approval_idx').on(t.approvalId, t.id)],
)

export const approvalLinks = pgTable(
  'approval_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    approvalId: uuid('approval_id')
      .notNull()
      .references(() => approvals.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('approval_links_approval_idx').on(t.approvalId)],
)
