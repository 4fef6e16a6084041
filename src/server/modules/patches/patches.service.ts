import { randomBytes } from 'node:crypto'
import type { z } from 'zod'
import { evaluateCompliance, emptySeveritySummary } from '../../../contract/patch-compliance'
import type { PatchScanResult } from '../../../contract/patch-scan'
import type {
  BaselineBodySchema,
  ComplianceItemQuerySchema,
  ComplianceOverview,
  InstanceCompliantQuerySchema,
  SeveritySummary,
} from '../../../contract/patches'
import type { Db, Tx } from '../../db/client'
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { CmdbService } from '../cmdb/cmdb.service'
import { OperatingSystemSchema, STALE_REPORT_DAYS } from '../../../contract/patches'
import { baselineOs, defaultBaselineName, defaultRules, newBaselineId } from './default-baselines'
import type { BaselineRow, PatchesRepository, ReportRow } from './patches.repository'
import { refusal } from '../../../contract/refusal-text'

/** Where a node's report comes from: the host's inventory attributes as the CMDB knows them. */
export interface ScanTarget {
  instance_id: string
  name: string
  ip: string | null
  eip: string | null
  region: string | null
  /** COC's "group": the CMDB set/module the host sits in. */
  group: string | null
  business?: string | null
  /** The agent that scans this host. */
  agent_sn?: string
}

type Actor = Parameters<AuditService['record']>[1]

export function toBaselineDto(b: BaselineRow) {
  return {
    id: b.id,
    name: b.name,
    operating_system: OperatingSystemSchema.parse(b.operatingSystem),
    description: b.description,
    is_default: b.isDefault,
    rule_type: b.ruleType,
    rules: b.rules,
    approved_patches: b.approvedPatches,
    rejected_patches: b.rejectedPatches,
    updated_at: b.updatedAt.toISOString(),
  }
}

export function toInstanceCompliant(r: ReportRow) {
  return {
    id: r.id,
    enterprise_project_id: r.tenantId,
    name: r.name,
    instance_id: r.instanceId,
    node_id: r.nodeId,
    ip: r.ip,
    eip: r.eip,
    region: r.region,
    group: r.group,
    report_scene: r.reportScene,
    cce_info_id: r.cceInfoId,
    status: r.status,
    baseline_id: r.baselineId,
    baseline_name: r.baselineName,
    rule_type: r.ruleType,
    operating_system: r.operatingSystem,
    compliant_summary: { compliant_count: r.compliantCount, severity_summary: r.compliantSeverity },
    non_compliant_summary: { non_compliant_count: r.nonCompliantCount, severity_summary: r.nonCompliantSeverity },
    execution_summary: { order_id: r.orderId, job_id: r.jobId, report_time: r.reportTime.getTime() },
  }
}

/**
 * Baselines, node reports and the compliance read models. A report keeps the raw scan, so changing a
 * baseline re-evaluates the reports that use it without scanning again.
 */
const DAY_MS = 86_400_000

export class PatchesService {
  constructor(
    private readonly db: Db,
    private readonly repo: PatchesRepository,
    private readonly audit: AuditService,
    /** Where hosts sit in the CMDB now (business, host group, application), for the report's breakdowns. */
    private readonly cmdb: Pick<CmdbService, 'hostPlacements'>,
  ) {}

  /** Creates the per-OS default baselines of a tenant that are missing (idempotent). */
  async ensureDefaults(tenantId: string, tx: Tx = this.db) {
    const existing = await this.repo.baselines(tenantId, tx)
    for (const os of OperatingSystemSchema.options) {
      if (existing.some((b) => b.operatingSystem === os && b.isDefault)) continue
      if (existing.some((b) => b.name === defaultBaselineName(os))) continue
      await this.repo.insertBaseline(tx, {
        id: newBaselineId(),
        tenantId,
        name: defaultBaselineName(os),
        operatingSystem: os,
        description: `Default baseline for ${os}: security updates and critical/high bug fixes`,
        isDefault: true,
        rules: defaultRules(os),
      })
    }
  }

  async listBaselines(tenantId: string) {
    await this.ensureDefaults(tenantId)
    return (await this.repo.baselines(tenantId)).map(toBaselineDto)
  }

  async createBaseline(principal: Principal, body: z.infer<typeof BaselineBodySchema>, ctx: RequestContext) {
    return this.db.transaction(async (tx) => {
      if (body.is_default) await this.repo.clearDefault(tx, principal.tenantId, body.operating_system)
      const row = await this.repo.insertBaseline(tx, {
        id: newBaselineId(),
        tenantId: principal.tenantId,
        name: body.name,
        operatingSystem: body.operating_system,
        description: body.description,
        isDefault: body.is_default,
        rules: body.rules,
        approvedPatches: body.approved_patches,
        rejectedPatches: body.rejected_patches,
      })
      if (!row) throw new ConflictError(refusal('baseline.name-taken', { name: body.name }), 'COC.00040601', 400)
      const dto = toBaselineDto(row)
      await this.audit.record(
        tx,
        principal,
        { action: 'patch-baseline.create', targetType: 'patch-baseline', targetId: row.id, after: dto },
        ctx,
      )
      if (body.is_default) await this.reevaluateOs(tx, principal.tenantId, body.operating_system)
      return dto
    })
  }

  async updateBaseline(
    principal: Principal,
    id: string,
    body: z.infer<typeof BaselineBodySchema>,
    ctx: RequestContext,
  ) {
    return this.db.transaction(async (tx) => {
      const before = await this.repo.baseline(principal.tenantId, id, tx)
      if (!before) throw new NotFoundError(refusal('baseline.not-found', { id }))
      if (before.isDefault && !body.is_default)
        throw new ValidationError(refusal('baseline.keep-default'), [
          { path: 'body.is_default', message: 'the OS needs a default baseline' },
        ])
      if (body.is_default && !before.isDefault)
        await this.repo.clearDefault(tx, principal.tenantId, body.operating_system)
      const clash = (await this.repo.baselines(principal.tenantId, tx)).find((b) => b.name === body.name && b.id !== id)
      if (clash) throw new ConflictError(refusal('baseline.name-taken', { name: body.name }), 'COC.00040601', 400)
      const row = await this.repo.updateBaseline(tx, principal.tenantId, id, {
        name: body.name,
        operatingSystem: body.operating_system,
        description: body.description,
        isDefault: body.is_default,
        rules: body.rules,
        approvedPatches: body.approved_patches,
        rejectedPatches: body.rejected_patches,
      })
      await this.audit.record(
        tx,
        principal,
        {
          action: 'patch-baseline.update',
          targetType: 'patch-baseline',
          targetId: id,
          before: toBaselineDto(before),
          after: toBaselineDto(row),
        },
        ctx,
      )
      for (const report of await this.repo.reportsUsingBaseline(tx, principal.tenantId, id))
        await this.evaluateAndStore(tx, report.tenantId, report, report.scan)
      if (row.isDefault) await this.reevaluateOs(tx, principal.tenantId, row.operatingSystem)
      return toBaselineDto(row)
    })
  }

  async deleteBaseline(principal: Principal, id: string, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const before = await this.repo.baseline(principal.tenantId, id, tx)
      if (!before) throw new NotFoundError(refusal('baseline.not-found', { id }))
      if (before.isDefault) throw new ValidationError(refusal('baseline.default-delete'))
      const users = await this.repo.reportsUsingBaseline(tx, principal.tenantId, id)
      await this.repo.deleteBaseline(tx, principal.tenantId, id)
      await this.audit.record(
        tx,
        principal,
        { action: 'patch-baseline.delete', targetType: 'patch-baseline', targetId: id, before: toBaselineDto(before) },
        ctx,
      )
      for (const report of users) await this.evaluateAndStore(tx, report.tenantId, report, report.scan)
    })
  }

  /** Reports of an OS follow its default baseline; re-evaluate them when the default changes. */
  private async reevaluateOs(tx: Tx, tenantId: string, os: string) {
    for (const r of await this.repo.reportsOfOs(tx, tenantId, os)) await this.evaluateAndStore(tx, tenantId, r, r.scan)
  }

  /** Stores a node's scan: first-seen dates, evaluation against the OS default baseline, items and history. */
  async ingest(
    tenantId: string,
    target: ScanTarget,
    scan: PatchScanResult,
    ids: { orderId: string; jobId: string },
    actor?: Actor,
  ) {
    return this.db.transaction(async (tx) => {
      await this.ensureDefaults(tenantId, tx)
      const existing = await this.repo.reportOf(tenantId, target.instance_id, tx)
      const report = await this.evaluateAndStore(
        tx,
        tenantId,
        {
          id: existing?.id ?? randomBytes(16).toString('hex'),
          instanceId: target.instance_id,
          name: target.name,
          ip: target.ip,
          eip: target.eip,
          region: target.region,
          group: target.group,
          business: target.business ?? null,
          orderId: ids.orderId,
          jobId: ids.jobId,
        },
        scan,
        true,
      )
      if (actor) {
        await this.audit.record(tx, actor, {
          action: 'patch-report.ingest',
          targetType: 'host',
          targetId: target.instance_id,
          after: { status: report.status, non_compliant_count: report.nonCompliantCount, order_id: ids.orderId },
        })
      }
      return report
    })
  }

  private async evaluateAndStore(
    tx: Tx,
    tenantId: string,
    node: Pick<
      ReportRow,
      'id' | 'instanceId' | 'name' | 'ip' | 'eip' | 'region' | 'group' | 'business' | 'orderId' | 'jobId'
    >,
    scan: PatchScanResult,
    isNewScan = false,
  ) {
    const os = baselineOs(scan.operating_system, scan.os_family)
    const all = await this.repo.baselines(tenantId, tx)
    const baseline = all.find((b) => b.operatingSystem === os && b.isDefault) ?? all.find((b) => b.isDefault)!
    const offered = scan.packages.filter((p) => p.state === 'upgradable').map((p) => p.name)
    const now = isNewScan ? scan.scanned_at : Date.now()
    const firstSeen = await this.repo.firstSeen(tx, tenantId, offered, new Date(scan.scanned_at))
    const result = evaluateCompliance(
      { rules: baseline.rules, approved_patches: baseline.approvedPatches, rejected_patches: baseline.rejectedPatches },
      scan.packages,
      { now, firstSeen: (n) => firstSeen.get(n) },
    )
    const reportTime = new Date(scan.scanned_at)
    const row = await this.repo.upsertReport(tx, {
      id: node.id,
      tenantId,
      instanceId: node.instanceId,
      name: node.name,
      ip: node.ip,
      eip: node.eip,
      region: node.region,
      group: node.group,
      business: node.business,
      operatingSystem: scan.operating_system,
      baselineId: baseline.id,
      baselineName: baseline.name,
      ruleType: baseline.ruleType,
      status: result.status,
      compliantCount: result.compliant_count,
      nonCompliantCount: result.non_compliant_count,
      compliantSeverity: result.compliant_severity,
      nonCompliantSeverity: result.non_compliant_severity,
      orderId: node.orderId,
      jobId: node.jobId,
      reportTime,
      source: scan.source,
      scan,
    })
    await this.repo.replaceItems(
      tx,
      row.id,
      result.items.map((i) => ({
        reportId: row.id,
        title: i.title,
        classification: i.classification,
        severityLevel: i.severity_level,
        complianceLevel: i.compliance_level,
        patchStatus: i.patch_status,
        installedTime: i.installed_time === null ? null : new Date(i.installed_time),
        installedVersion: i.installed_version,
        availableVersion: i.available_version,
        cveIds: i.cve_ids,
      })),
    )
    await this.repo.addHistory(tx, {
      tenantId,
      instanceId: node.instanceId,
      reportTime: isNewScan ? reportTime : new Date(),
      status: result.status,
      nonCompliantCount: result.non_compliant_count,
    })
    return row
  }

  async listInstanceCompliant(principal: Principal, q: z.infer<typeof InstanceCompliantQuerySchema>) {
    // Another enterprise project's reports are invisible, not an error ("0" is COC's default project).
    if (q.enterprise_project_id && q.enterprise_project_id !== '0' && q.enterprise_project_id !== principal.tenantId) {
      return { count: 0, instance_compliant: [] }
    }
    const { rows, total } = await this.repo.listReports(principal.tenantId, q)
    return { count: total, instance_compliant: rows.map(toInstanceCompliant) }
  }

  async listItems(principal: Principal, reportId: string, q: z.infer<typeof ComplianceItemQuerySchema>) {
    const report = await this.repo.reportById(principal.tenantId, reportId)
    if (!report) throw new NotFoundError(`Compliance report ${reportId} not found`)
    const { rows, total } = await this.repo.listItems(reportId, q)
    return {
      count: total,
      compliance_items: rows.map((i) => ({
        instance_id: report.instanceId,
        title: i.title,
        classification: i.classification,
        severity_level: i.severityLevel,
        compliance_level: i.complianceLevel,
        installed_version: i.installedVersion,
        available_version: i.availableVersion,
        cve_ids: i.cveIds,
        patch_detail: {
          // Reports stored before MISSING rows dropped the old version's date: never shown as installed.
          installed_time: i.patchStatus === 'MISSING' ? null : (i.installedTime?.getTime() ?? null),
          patch_baseline_id: report.baselineId,
          patch_baseline_name: report.baselineName,
          patch_status: i.patchStatus as never,
        },
      })),
    }
  }

  async overview(tenantId: string): Promise<ComplianceOverview> {
    const [reports, trend] = await Promise.all([this.repo.allReports(tenantId), this.repo.trend(tenantId)])
    const placed = await this.cmdb.hostPlacements(
      tenantId,
      reports.map((r) => r.instanceId),
    )
    const severity: SeveritySummary = emptySeveritySummary()
    const breakdown = (key: (r: (typeof reports)[number]) => string | null) => {
      const m = new Map<string, { key: string; compliant: number; non_compliant: number }>()
      for (const r of reports) {
        const k = key(r) ?? '—'
        const e = m.get(k) ?? { key: k, compliant: 0, non_compliant: 0 }
        e[r.status] += 1
        m.set(k, e)
      }
      return [...m.values()].sort((a, b) => b.non_compliant - a.non_compliant || a.key.localeCompare(b.key))
    }
    for (const r of reports) {
      if (r.status !== 'non_compliant') continue
      for (const k of Object.keys(severity) as (keyof SeveritySummary)[]) severity[k] += r.nonCompliantSeverity[k]
    }
    const compliant = reports.filter((r) => r.status === 'compliant').length
    const now = Date.now()
    const scanAge = { day: 0, week: 0, stale: 0 }
    for (const r of reports) {
      const age = now - r.reportTime.getTime()
      if (age <= DAY_MS) scanAge.day += 1
      else if (age <= STALE_REPORT_DAYS * DAY_MS) scanAge.week += 1
      else scanAge.stale += 1
    }
    return {
      scan_age: scanAge,
      stale_after_days: STALE_REPORT_DAYS,
      total: reports.length,
      compliant,
      non_compliant: reports.length - compliant,
      non_compliant_by_severity: severity,
      by_os: breakdown((r) => r.os),
      by_region: breakdown((r) => r.region),
      by_group: breakdown((r) => r.group),
      by_baseline: breakdown((r) => r.baseline),
      // The CMDB's current placement; the business recorded at scan time for a host the CMDB no longer has.
      by_business: breakdown((r) => placed.get(r.instanceId)?.business ?? r.business),
      by_application: breakdown((r) => placed.get(r.instanceId)?.application ?? null),
      by_host_group: breakdown((r) => placed.get(r.instanceId)?.hostGroup ?? null),
      trend,
      last_report_time: reports.length ? Math.max(...reports.map((r) => r.reportTime.getTime())) : null,
    }
  }
}
