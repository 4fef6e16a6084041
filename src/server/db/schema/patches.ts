import { sql } from 'drizzle-orm'
import {
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
import type { BaselineRule, SeveritySummary } from '../../../contract/patches'
import type { PatchScanResult } from '../../../contract/patch-scan'
import { tenants } from './identity'

export const patchBaselines = pgTable(
  'patch_baselines',
  {
    id: text('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    operatingSystem: text('operating_system').notNull(),
    description: text('description').notNull().default(''),
    isDefault: boolean('is_default').notNull().default(false),
    ruleType: text('rule_type').notNull().default('standard'),
    rules: jsonb('rules').$type<BaselineRule[]>().notNull(),
    approvedPatches: text('approved_patches').array().notNull().default([]),
    rejectedPatches: text('rejected_patches').array().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.tenantId, t.name),
    uniqueIndex('patch_baselines_default_idx').on(t.tenantId, t.operatingSystem).where(sql`is_default`),
  ],
)

export const patchScanOrders = pgTable(
  'patch_scan_orders',
  {
    id: text('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    trigger: text('trigger', { enum: ['manual', 'schedule'] }).notNull(),
    status: text('status', { enum: ['running', 'finished'] }).notNull(),
    createdBy: text('created_by').notNull(),
    total: integer('total').notNull().default(0),
    succeeded: integer('succeeded').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    errors: jsonb('errors').$type<{ instance_id: string; name?: string; message: string }[]>().notNull().default([]),
    /** Hosts already counted (each host's scan is a job that may run again after a replica died). */
    done: jsonb('done').$type<string[]>().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
    /** Last progress; a running order without progress for PATCH_SCAN_STUCK_MIN is closed by the sweeper job. */
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('patch_scan_orders_tenant_idx').on(t.tenantId, t.createdAt.desc()),
    index('patch_scan_orders_running_idx').on(t.updatedAt).where(sql`status = 'running'`),
  ],
)

export const patchReports = pgTable(
  'patch_reports',
  {
    id: text('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    instanceId: text('instance_id').notNull(),
    name: text('name').notNull(),
    ip: text('ip'),
    eip: text('eip'),
    region: text('region'),
    group: text('group'),
    /** CMDB business of the host, for the by-business breakdown (not a COC field). */
    business: text('business'),
    operatingSystem: text('operating_system').notNull(),
    reportScene: text('report_scene', { enum: ['ECS', 'CCE'] })
      .notNull()
      .default('ECS'),
    nodeId: text('node_id'),
    cceInfoId: text('cce_info_id'),
    baselineId: text('baseline_id').notNull(),
    baselineName: text('baseline_name').notNull(),
    ruleType: text('rule_type').notNull(),
    status: text('status', { enum: ['compliant', 'non_compliant'] }).notNull(),
    compliantCount: integer('compliant_count').notNull(),
    nonCompliantCount: integer('non_compliant_count').notNull(),
    compliantSeverity: jsonb('compliant_severity').$type<SeveritySummary>().notNull(),
    nonCompliantSeverity: jsonb('non_compliant_severity').$type<SeveritySummary>().notNull(),
    orderId: text('order_id').notNull(),
    jobId: text('job_id').notNull(),
    reportTime: ts('report_time').notNull(),
    source: text('source', { enum: ['scan', 'demo'] })
      .notNull()
      .default('scan'),
    scan: jsonb('scan').$type<PatchScanResult>().notNull(),
  },
  (t) => [
    unique().on(t.tenantId, t.instanceId),
    index('patch_reports_tenant_time_idx').on(t.tenantId, t.reportTime.desc()),
  ],
)

export const patchReportItems = pgTable(
  'patch_report_items',
  {
    reportId: text('report_id')
      .notNull()
      .references(() => patchReports.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    classification: text('classification').notNull(),
    severityLevel: text('severity_level').notNull(),
    complianceLevel: text('compliance_level').notNull(),
    patchStatus: text('patch_status').notNull(),
    installedTime: ts('installed_time'),
    installedVersion: text('installed_version'),
    availableVersion: text('available_version'),
    cveIds: text('cve_ids').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.title] })],
)

export const patchReportHistory = pgTable(
  'patch_report_history',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    instanceId: text('instance_id').notNull(),
    reportTime: ts('report_time').notNull(),
    status: text('status').notNull(),
    nonCompliantCount: integer('non_compliant_count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.instanceId, t.reportTime] })],
)

export const patchFirstSeen = pgTable(
  'patch_first_seen',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    firstSeenAt: ts('first_seen_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] })],
)
