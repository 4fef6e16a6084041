import { patchRoutes, type InstanceCompliant } from '../../src/contract/patches'
import { db } from '../db'
import { buildExecution, buildTarget } from '../factories/executions'
import { buildComplianceItems } from '../factories/patches'
import { MockError, mockRoute } from '../mock-route'

const pageOf = <T>(items: T[], offset: number, limit: number) => items.slice((offset - 1) * limit, offset * limit)

function breakdown(key: (r: InstanceCompliant) => string | null) {
  const m = new Map<string, { key: string; compliant: number; non_compliant: number }>()
  for (const r of db.patchReports) {
    const k = key(r) ?? '—'
    const e = m.get(k) ?? { key: k, compliant: 0, non_compliant: 0 }
    e[r.status] += 1
    m.set(k, e)
  }
  return [...m.values()]
}

export const patchHandlers = [
  mockRoute(patchRoutes.listInstanceCompliant, ({ query }) => {
    const rows = db.patchReports.filter(
      (r) =>
        (!query.compliant_status || r.status === query.compliant_status) &&
        (!query.name || r.name.includes(query.name)) &&
        (!query.operating_system || r.operating_system === query.operating_system) &&
        (!query.region || r.region === query.region) &&
        (!query.group || r.group === query.group) &&
        (!query.instance_id || r.instance_id === query.instance_id) &&
        (!query.ip || r.ip === query.ip),
    )
    return { count: rows.length, instance_compliant: pageOf(rows, query.offset, query.limit) }
  }),
  mockRoute(patchRoutes.listComplianceItems, ({ params, query }) => {
    const report = db.patchReports.find((r) => r.id === params.instance_compliant_id)
    if (!report) throw new MockError(404, 'COC.00040404', 'Compliance report not found')
    const items = buildComplianceItems(report).filter(
      (i) =>
        (!query.patch_status || i.patch_detail.patch_status === query.patch_status) &&
        (!query.title || i.title.includes(query.title)) &&
        (!query.severity_level || i.severity_level === query.severity_level),
    )
    return { count: items.length, compliance_items: pageOf(items, query.offset, query.limit) }
  }),
  mockRoute(patchRoutes.overview, () => {
    const bad = db.patchReports.filter((r) => r.status === 'non_compliant')
    const sev = {
      critical_count: 0,
      high_count: 0,
      medium_count: 0,
      low_count: 0,
      informational_count: 0,
      unspecified_count: 0,
    }
    for (const r of bad)
      for (const k of Object.keys(sev) as (keyof typeof sev)[]) sev[k] += r.non_compliant_summary.severity_summary[k]
    return {
      total: db.patchReports.length,
      compliant: db.patchReports.length - bad.length,
      non_compliant: bad.length,
      non_compliant_by_severity: sev,
      by_os: breakdown((r) => r.operating_system),
      by_region: breakdown((r) => r.region),
      by_group: breakdown((r) => r.group),
      by_baseline: breakdown((r) => r.baseline_name),
      by_business: breakdown(() => 'Mall'),
      // As the BFF: the application from the host's CMDB `app` tag, the host group its business/set.
      by_application: breakdown((r) => (r.group === 'db' ? 'mysql-main' : 'mall.mall-web')),
      by_host_group: breakdown((r) => (r.group === 'db' ? 'Mall/data' : 'Mall/frontend')),
      trend: [
        { day: '2026-11-21', compliant: 8, non_compliant: 4 },
        { day: '2026-11-22', compliant: db.patchReports.length - bad.length, non_compliant: bad.length },
      ],
      scan_age: {
        day: db.patchReports.filter((r) => Date.now() - r.execution_summary.report_time <= 86_400_000).length,
        week: db.patchReports.filter((r) => {
          const age = Date.now() - r.execution_summary.report_time
          return age > 86_400_000 && age <= 7 * 86_400_000
        }).length,
        stale: db.patchReports.filter((r) => Date.now() - r.execution_summary.report_time > 7 * 86_400_000).length,
      },
      stale_after_days: 7,
      last_report_time: db.patchReports.length
        ? Math.max(...db.patchReports.map((r) => r.execution_summary.report_time))
        : null,
    }
  }),
  mockRoute(patchRoutes.listBaselines, () => db.patchBaselines),
  mockRoute(patchRoutes.createBaseline, ({ body }) => {
    const b = {
      ...body,
      id: `JX-${db.patchBaselines.length}`.padEnd(32, '0'),
      rule_type: 'standard',
      updated_at: new Date().toISOString(),
    }
    db.patchBaselines.push(b)
    return b
  }),
  mockRoute(patchRoutes.updateBaseline, ({ params, body }) => {
    const b = db.patchBaselines.find((x) => x.id === params.baselineId)
    if (!b) throw new MockError(404, 'NOT_FOUND', 'Baseline not found')
    Object.assign(b, body, { updated_at: new Date().toISOString() })
    return b
  }),
  mockRoute(patchRoutes.deleteBaseline, ({ params }) => {
    db.patchBaselines = db.patchBaselines.filter((x) => x.id !== params.baselineId)
    return { ok: true as const }
  }),
  mockRoute(patchRoutes.patchNow, ({ body }) => {
    const reports = db.patchReports.filter((r) => body.instance_ids.includes(r.instance_id))
    const compliant = reports.filter((r) => r.status === 'compliant')
    if (reports.length < body.instance_ids.length || compliant.length)
      throw new MockError(
        400,
        'VALIDATION',
        `${compliant.map((r) => r.name).join(', ')} is compliant: nothing to install`,
      )
    const packages = [
      ...new Set(
        reports.flatMap((r) =>
          buildComplianceItems(r)
            .filter((i) => i.patch_detail.patch_status === 'MISSING')
            .map((i) => i.title),
        ),
      ),
    ].sort()
    const ticket = buildExecution(
      [
        {
          targets: reports.map((r, k) => ({
            ...buildTarget(100 + k),
            hostName: r.name,
            ip: r.ip ?? '',
            resourceId: r.instance_id,
          })),
        },
      ],
      { params: [{ name: 'packages', value: packages.join(' '), sensitive: false }] },
    )
    ticket.script = { ...ticket.script, name: 'patch_install', content: 'apt-get install -y --only-upgrade $packages' }
    db.executions.unshift(ticket)
    return { executeUuid: ticket.executeUuid, packages, hosts: reports.length }
  }),
  mockRoute(patchRoutes.listScans, () => db.patchScans),
  mockRoute(patchRoutes.startScan, ({ body }) => {
    const order = {
      id: `PSO${Date.now()}`,
      status: 'running' as const,
      trigger: 'manual' as const,
      createdBy: 'admin',
      createdAt: new Date().toISOString(),
      finishedAt: null,
      total: body.instance_ids.length || db.patchReports.length,
      succeeded: 0,
      failed: 0,
      errors: [],
    }
    db.patchScans.unshift(order)
    return order
  }),
]
