import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { ts } from '../columns'
import { tenants, users } from './identity'
import { incidents } from './incidents'

/** One level of an escalation policy: who is notified, and how long before the next level is. */
export interface EscalationStep {
  timeoutSec: number
  targets: { type: 'schedule' | 'user'; id: string }[]
}
export type PageStatus = 'paging' | 'notified' | 'acknowledged' | 'exhausted' | 'unrouted'

export const oncallSchedules = pgTable(
  'oncall_schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull(),
    rotation: text('rotation').$type<'daily' | 'weekly'>().notNull(),
    handoffTime: text('handoff_time').notNull(),
    startDate: text('start_date').notNull(),
    memberIds: uuid('member_ids').array().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('oncall_schedules_name_idx').on(t.tenantId, t.name)],
)

export const oncallOverrides = pgTable(
  'oncall_overrides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => oncallSchedules.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('oncall_overrides_schedule_idx').on(t.scheduleId, t.endsAt),
    index('oncall_overrides_user_idx').on(t.userId),
  ],
)

export const escalationPolicies = pgTable(
  'escalation_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    applicationIds: text('application_ids').array().notNull().default([]),
    incidentLevels: text('incident_levels').array().notNull().default([]),
    escalateLevels: text('escalate_levels').array().notNull().default(sql`'{level_10,level_20}'::text[]`),
    repeatCount: integer('repeat_count').notNull().default(0),
    steps: jsonb('steps').$type<EscalationStep[]>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('escalation_policies_name_idx').on(t.tenantId, t.name)],
)

export const incidentPages = pgTable(
  'incident_pages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    incidentId: integer('incident_id')
      .notNull()
      .unique()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    policyId: uuid('policy_id').references(() => escalationPolicies.id, { onDelete: 'set null' }),
    step: integer('step').notNull().default(0),
    status: text('status').$type<PageStatus>().notNull(),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: ts('acknowledged_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('incident_pages_policy_idx').on(t.policyId)],
)
