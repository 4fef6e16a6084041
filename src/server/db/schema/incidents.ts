import { sql } from 'drizzle-orm'
import { bigserial, boolean, index, integer, jsonb, pgTable, serial, text, unique, uuid } from 'drizzle-orm/pg-core'
import { ts } from '../columns'
import { tenants } from './identity'

export const incidents = pgTable(
  'incidents',
  {
    id: serial('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    incidentNum: text('incident_num').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    level: text('level').notNull(),
    type: text('type').notNull(),
    source: text('source').notNull(),
    status: text('status').notNull(),
    region: text('region'),
    enterpriseProject: text('enterprise_project'),
    applicationId: text('application_id').notNull(),
    isServiceInterrupt: boolean('is_service_interrupt').notNull(),
    assignee: text('assignee'),
    assigneeScene: text('assignee_scene').notNull().default(''),
    assigneeRole: text('assignee_role').notNull().default(''),
    creator: text('creator').notNull(),
    warroomId: text('warroom_id'),
    mtmType: text('mtm_type'),
    cause: text('cause'),
    solution: text('solution'),
    handleTime: ts('handle_time'),
    createdAt: ts('created_at').notNull().defaultNow(),
    acknowledgedAt: ts('acknowledged_at'),
    resolvedAt: ts('resolved_at'),
    completedAt: ts('completed_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('incidents_tenant_status_idx').on(t.tenantId, t.status, t.createdAt.desc()),
    index('incidents_open_idx')
      .on(t.tenantId)
      .where(sql`status NOT IN ('INCIDENT_STATUS_COMPLETED','INCIDENT_STATUS_REJECTED')`),
    index('incidents_tenant_updated_idx').on(t.tenantId, t.updatedAt),
  ],
)

export const incidentTimeline = pgTable(
  'incident_timeline',
  {
    id: serial('id').primaryKey(),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    at: ts('at').notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('incident_timeline_incident_idx').on(t.incidentId, t.at)],
)

export const integrationKeys = pgTable('integration_keys', {
  id: text('id').primaryKey(),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  levelMap: jsonb('level_map').$type<Record<string, string>>().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastUsedAt: ts('last_used_at'),
})

export const alarms = pgTable(
  'alarms',
  {
    id: serial('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    alarmId: text('alarm_id').notNull(),
    integrationKeyId: text('integration_key_id').notNull(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    status: text('status', { enum: ['alarm', 'ok'] }).notNull(),
    source: text('source').notNull(),
    namespace: text('namespace').notNull(),
    region: text('region'),
    applicationId: text('application_id').notNull(),
    resourceName: text('resource_name'),
    resourceId: text('resource_id'),
    description: text('description').notNull(),
    url: text('url'),
    additional: jsonb('additional'),
    occurredAt: ts('occurred_at').notNull(),
    firstAt: ts('first_at').notNull().defaultNow(),
    lastAt: ts('last_at').notNull().defaultNow(),
    recoveredAt: ts('recovered_at'),
    receivedCount: integer('received_count').notNull().default(1),
    incidentId: integer('incident_id').references(() => incidents.id, { onDelete: 'set null' }),
  },
  (t) => [
    unique().on(t.tenantId, t.alarmId),
    index('alarms_last_at_idx').on(t.lastAt),
    index('alarms_incident_idx').on(t.incidentId, t.firstAt),
  ],
)

/**
 * Webhook calls accepted and not yet folded into alarms and incidents (see alarm-folder.ts). A call is answered
 * once its row is committed here; one folder at a time (advisory lock) turns the rows into alarms in arrival
 * order and deletes them in the same transaction. `item` holds the validated body and the integration key as
 * it was when the call came (a key deleted meanwhile does not lose the alarms it let in). No foreign key:
 * the rows live for milliseconds and the insert is the webhook's hot path.
 */
export const alarmInbox = pgTable('alarm_inbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  item: jsonb('item').notNull(),
  /**
   * Folds that failed on this row alone; at FOLD_ATTEMPTS it is left for the tenant's admins (logged at error,
   * listed by GET /api/incidents/alarm-inbox/failed).
   */
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  receivedAt: ts('received_at').notNull().defaultNow(),
})
