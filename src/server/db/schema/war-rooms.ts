import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, serial, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { ts } from '../columns'
import { tenants } from './identity'
import { incidents } from './incidents'

export const warRooms = pgTable(
  'war_rooms',
  {
    id: text('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    warRoomNum: text('war_room_num').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    admin: text('admin').notNull(),
    status: text('status', { enum: ['running', 'closed'] }).notNull(),
    source: text('source').notNull(),
    regionCodes: text('region_codes').array().notNull().default([]),
    regionNames: text('region_names').array().notNull().default([]),
    applicationIds: text('application_ids').array().notNull().default([]),
    applicationNames: text('application_names').array().notNull().default([]),
    participants: text('participants').array().notNull().default([]),
    recoverLeader: text('recover_leader').array().notNull().default([]),
    recoverMember: text('recover_member').array().notNull().default([]),
    scheduleGroup: jsonb('schedule_group').$type<{ role_id: string; scene_id: string }[]>().notNull().default([]),
    notificationType: text('notification_type'),
    enterpriseProjectId: text('enterprise_project_id').notNull(),
    circularLevel: text('circular_level').notNull(),
    occurTime: ts('occur_time'),
    recoverTime: ts('recover_time'),
    firstReportTime: ts('first_report_time'),
    recoveryNotificationTime: ts('recovery_notification_time'),
    faultCause: text('fault_cause'),
    faultImpact: text('fault_impact'),
    createdAt: ts('created_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
  },
  (t) => [
    index('war_rooms_tenant_created_idx').on(t.tenantId, t.createdAt.desc()),
    index('war_rooms_incident_idx').on(t.incidentId),
    uniqueIndex('war_rooms_running_incident_idx').on(t.incidentId).where(sql`status = 'running'`),
  ],
)

export const warRoomEvents = pgTable(
  'war_room_events',
  {
    id: serial('id').primaryKey(),
    warRoomId: text('war_room_id')
      .notNull()
      .references(() => warRooms.id, { onDelete: 'cascade' }),
    at: ts('at').notNull().defaultNow(),
    actor: text('actor').notNull(),
    kind: text('kind', { enum: ['note', 'status', 'member', 'report'] }).notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('war_room_events_room_idx').on(t.warRoomId, t.at)],
)
