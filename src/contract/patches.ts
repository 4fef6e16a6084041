import { z } from 'zod'
import { defineRoute } from './http'
import { OkSchema, TimestampSchema } from './common'

/** Patch states of seed 000 §4.5.2. */
export const PatchStatusSchema = z.enum([
  'INSTALLED',
  'INSTALLED_OTHER',
  'MISSING',
  'REJECT',
  'FAILED',
  'PENDING_REBOOT',
])
export type PatchStatus = z.infer<typeof PatchStatusSchema>
export const CompliantStatusSchema = z.enum(['compliant', 'non_compliant'])
export type CompliantStatus = z.infer<typeof CompliantStatusSchema>
/** Normalised severities; the summary buckets of the seed's SeveritySummary. */
export const SeveritySchema = z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNSPECIFIED'])
export type Severity = z.infer<typeof SeveritySchema>
export const SEVERITIES = SeveritySchema.options

export const SeveritySummarySchema = z.object({
  critical_count: z.number().int(),
  high_count: z.number().int(),
  medium_count: z.number().int(),
  low_count: z.number().int(),
  informational_count: z.number().int(),
  unspecified_count: z.number().int(),
})
export type SeveritySummary = z.infer<typeof SeveritySummarySchema>

/** One node's latest compliance report (seed table 4-97 InstanceCompliant). */
export const InstanceCompliantSchema = z.object({
  id: z.string(),
  enterprise_project_id: z.string(),
  name: z.string(),
  instance_id: z.string(),
  node_id: z.string().nullable(),
  ip: z.string().nullable(),
  eip: z.string().nullable(),
  region: z.string().nullable(),
  group: z.string().nullable(),
  report_scene: z.enum(['ECS', 'CCE']),
  cce_info_id: z.string().nullable(),
  status: CompliantStatusSchema,
  baseline_id: z.string(),
  baseline_name: z.string(),
  rule_type: z.string(),
  operating_system: z.string(),
  compliant_summary: z.object({ compliant_count: z.number().int(), severity_summary: SeveritySummarySchema }),
  non_compliant_summary: z.object({ non_compliant_count: z.number().int(), severity_summary: SeveritySummarySchema }),
  execution_summary: z.object({ order_id: z.string(), job_id: z.string(), report_time: z.number().int() }),
})
export type InstanceCompliant = z.infer<typeof InstanceCompliantSchema>

/** One patch of a node report (seed table 4-106 ComplianceItem). */
export const ComplianceItemSchema = z.object({
  instance_id: z.string(),
  title: z.string(),
  classification: z.string(),
  severity_level: z.string(),
  compliance_level: z.string(),
  /** Console extension: the version on the host now (null: not installed). */
  installed_version: z.string().nullable(),
  /** Console extension: the version the update brings (null: none offered). */
  available_version: z.string().nullable(),
  /** Console extension: CVE ids the update fixes, where the package source lists them (empty for apt). */
  cve_ids: z.array(z.string()),
  patch_detail: z.object({
    installed_time: z.number().int().nullable(),
    patch_baseline_id: z.string(),
    patch_baseline_name: z.string(),
    patch_status: PatchStatusSchema,
  }),
})
export type ComplianceItem = z.infer<typeof ComplianceItemSchema>

const opt = (max = 128) => z.string().max(max).optional()
/**
 * COC paging for patches: `offset` is the 1-based page number (default 1, like the seed's example
 * `offset=1&limit=10` for the first page), `limit` the page size 1–100 (default 10).
 */
const PatchPageSchema = z.object({
  offset: z.coerce.number().int().min(1).max(1_000_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  sort_dir: z.enum(['asc', 'desc']).optional(),
})

export const InstanceCompliantQuerySchema = PatchPageSchema.extend({
  enterprise_project_id: opt(64),
  name: opt(),
  instance_id: opt(),
  ip: opt(64),
  eip: opt(64),
  operating_system: opt(64),
  region: opt(64),
  group: opt(),
  order_id: opt(64),
  cce_info_id: opt(64),
  compliant_status: CompliantStatusSchema.optional(),
  sort_key: z.enum(['report_time']).optional(),
  report_scene: z.enum(['ECS', 'CCE']).optional(),
})
export const ComplianceItemQuerySchema = PatchPageSchema.extend({
  title: opt(256),
  sort_key: z.enum(['installed_time']).optional(),
  patch_status: PatchStatusSchema.optional(),
  classification: opt(64),
  severity_level: opt(32),
  compliance_level: opt(32),
})

/** A baseline rule: patches of these classifications and severities are required once `approve_after_days` old. */
export const BaselineRuleSchema = z.object({
  /** Empty = every classification. */
  classifications: z.array(z.string().min(1).max(64)).max(20),
  /** Empty = every severity. */
  severities: z.array(SeveritySchema).max(6),
  approve_after_days: z.number().int().min(0).max(360),
  compliance_level: SeveritySchema,
})
export type BaselineRule = z.infer<typeof BaselineRuleSchema>

export const OperatingSystemSchema = z.enum([
  'Debian',
  'Ubuntu',
  'EulerOS',
  'HuaweiCloudEulerOS',
  'CentOS',
  'RHEL',
  'Rocky',
  'AlmaLinux',
  'openEuler',
])
export type OperatingSystem = z.infer<typeof OperatingSystemSchema>

export const BaselineSchema = z.object({
  id: z.string(),
  name: z.string(),
  operating_system: OperatingSystemSchema,
  description: z.string(),
  is_default: z.boolean(),
  rule_type: z.string(),
  rules: z.array(BaselineRuleSchema),
  /** Always required, whatever the rules say (package names). */
  approved_patches: z.array(z.string()),
  /** Never required; installed → REJECT. */
  rejected_patches: z.array(z.string()),
  updated_at: TimestampSchema,
})
export type Baseline = z.infer<typeof BaselineSchema>

const PatchNameList = z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9+._:~-]{0,127}$/, 'a package name')).max(500)
export const BaselineBodySchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - (1–64)'),
  operating_system: OperatingSystemSchema,
  description: z.string().max(256).default(''),
  rules: z.array(BaselineRuleSchema).min(1).max(10),
  approved_patches: PatchNameList.default([]),
  rejected_patches: PatchNameList.default([]),
  is_default: z.boolean().default(false),
})

export const ScanOrderSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'finished']),
  trigger: z.enum(['manual', 'schedule']),
  createdBy: z.string(),
  createdAt: TimestampSchema,
  finishedAt: TimestampSchema.nullable(),
  total: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  /** Per-host failures, e.g. an agent that went offline. */
  errors: z.array(
    z.object({
      instance_id: z.string(),
      /** The host's name when the order started (absent on orders from before it was recorded). */
      name: z.string().optional(),
      message: z.string(),
    }),
  ),
})
export type ScanOrder = z.infer<typeof ScanOrderSchema>

const Breakdown = z.array(z.object({ key: z.string(), compliant: z.number().int(), non_compliant: z.number().int() }))
export const ComplianceOverviewSchema = z.object({
  total: z.number().int(),
  compliant: z.number().int(),
  non_compliant: z.number().int(),
  /** Missing/failed required patches over all non-compliant nodes, by severity. */
  non_compliant_by_severity: SeveritySummarySchema,
  by_os: Breakdown,
  by_region: Breakdown,
  by_group: Breakdown,
  by_baseline: Breakdown,
  /** By CMDB business of the host (where the CMDB places it now). */
  by_business: Breakdown,
  /** By application: the CMDB application named by the host's `app` tag (`—`: none). */
  by_application: Breakdown,
  /** By host group: the CMDB business/set the host sits in now (`—`: host no longer in the CMDB). */
  by_host_group: Breakdown,
  /** One point per day with reports: nodes compliant/non-compliant by their last report of that day. */
  trend: z.array(z.object({ day: z.string(), compliant: z.number().int(), non_compliant: z.number().int() })),
  last_report_time: z.number().int().nullable(),
  /** Nodes by the age of their last report: within a day, within a week, older (stale). */
  scan_age: z.object({ day: z.number().int(), week: z.number().int(), stale: z.number().int() }),
  /** A report older than this many days is stale: the node's state is no longer known. */
  stale_after_days: z.number().int(),
})
export type ComplianceOverview = z.infer<typeof ComplianceOverviewSchema>

/** A node whose last report is older than this is stale (Patch Manager's "not scanned recently"). */
export const STALE_REPORT_DAYS = 7

/** The library script Patch now runs: it gets the package names in its `packages` parameter. */
export const PATCH_INSTALL_SCRIPT = 'patch_install'
/** At most this many hosts per Patch now: one ticket (the executions limit). */
export const PATCH_NOW_MAX_HOSTS = 200

export const PatchNowBodySchema = z.object({
  /** instance_id of non-compliant nodes (their COC resource ids). */
  instance_ids: z.array(z.string().min(1).max(64)).min(1).max(PATCH_NOW_MAX_HOSTS),
})
export const PatchNowResultSchema = z.object({
  executeUuid: z.string(),
  /** The packages the ticket installs (the union of the hosts' missing required patches). */
  packages: z.array(z.string()),
  hosts: z.number().int(),
})
export type PatchNowResult = z.infer<typeof PatchNowResultSchema>

const BaselineIdParams = z.object({ baselineId: z.string().max(64) })

export const patchRoutes = {
  listInstanceCompliant: defineRoute({
    method: 'GET',
    path: '/v1/patch/instance/compliant',
    query: InstanceCompliantQuerySchema,
    response: z.object({ count: z.number().int(), instance_compliant: z.array(InstanceCompliantSchema) }),
    access: 'read',
    summary: 'Node compliance reports (seed 4.5.1)',
  }),
  listComplianceItems: defineRoute({
    method: 'GET',
    path: '/v1/patch/instance/compliant/:instance_compliant_id',
    params: z.object({ instance_compliant_id: z.string().max(64) }),
    query: ComplianceItemQuerySchema,
    response: z.object({ count: z.number().int(), compliance_items: z.array(ComplianceItemSchema) }),
    access: 'read',
    summary: 'Patches of one node report (seed 4.5.2)',
  }),
  overview: defineRoute({
    method: 'GET',
    path: '/api/patch-compliance/overview',
    response: ComplianceOverviewSchema,
    access: 'read',
    summary: 'Compliance ratio, severity and breakdown charts, trend',
  }),
  listBaselines: defineRoute({
    method: 'GET',
    path: '/api/patch-baselines',
    response: z.array(BaselineSchema),
    access: 'read',
    summary: 'Patch baselines of the tenant',
  }),
  createBaseline: defineRoute({
    method: 'POST',
    path: '/api/patch-baselines',
    body: BaselineBodySchema,
    response: BaselineSchema,
    status: 201,
    access: 'patches:scan',
    summary: 'Create a baseline',
  }),
  updateBaseline: defineRoute({
    method: 'PUT',
    path: '/api/patch-baselines/:baselineId',
    params: BaselineIdParams,
    body: BaselineBodySchema,
    response: BaselineSchema,
    access: 'patches:scan',
    summary: 'Replace a baseline; reports are re-evaluated',
  }),
  deleteBaseline: defineRoute({
    method: 'DELETE',
    path: '/api/patch-baselines/:baselineId',
    params: BaselineIdParams,
    response: OkSchema,
    access: 'patches:scan',
    summary: 'Delete a baseline that is not a default',
  }),
  listScans: defineRoute({
    method: 'GET',
    path: '/api/patch-scans',
    response: z.array(ScanOrderSchema),
    access: 'read',
    summary: 'Recent scan orders',
  }),
  patchNow: defineRoute({
    method: 'POST',
    path: '/api/patch-compliance/patch-now',
    body: PatchNowBodySchema,
    response: PatchNowResultSchema,
    status: 201,
    access: 'executions:run',
    summary:
      'Install the missing required patches on non-compliant hosts as a ticket (the approved patch_install script)',
  }),
  startScan: defineRoute({
    method: 'POST',
    path: '/api/patch-scans',
    body: z.object({ instance_ids: z.array(z.string().max(64)).max(5000).default([]) }),
    response: ScanOrderSchema,
    status: 201,
    access: 'patches:scan',
    summary: 'Scan the given hosts (all online hosts when empty)',
  }),
}
