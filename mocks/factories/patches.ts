import type {
  Baseline,
  ComplianceItem,
  InstanceCompliant,
  PatchStatus,
  Severity,
  SeveritySummary,
} from '../../src/contract/patches'

const summary = (over: Partial<SeveritySummary> = {}): SeveritySummary => ({
  critical_count: 0,
  high_count: 0,
  medium_count: 0,
  low_count: 0,
  informational_count: 0,
  unspecified_count: 0,
  ...over,
})

let seq = 0
export function buildInstanceCompliant(over: Partial<InstanceCompliant> = {}): InstanceCompliant {
  const n = ++seq
  const bad = n % 3 === 0
  return {
    id: n.toString(16).padStart(32, '0'),
    enterprise_project_id: 'default',
    name: `web-${String(n).padStart(2, '0')}`,
    instance_id: `host-${n}`,
    node_id: null,
    ip: `10.0.0.${n}`,
    eip: null,
    region: n % 2 ? 'cn-north-4' : 'ap-southeast-3',
    group: n % 4 ? 'web' : 'db',
    report_scene: 'ECS',
    cce_info_id: null,
    status: bad ? 'non_compliant' : 'compliant',
    baseline_id: 'JX-f2d85e2554f7385cbbf2c23a01f41',
    baseline_name: 'COC-DebianDefaultPatchBaseline',
    rule_type: 'standard',
    operating_system: n % 5 ? 'Debian' : 'CentOS',
    compliant_summary: {
      compliant_count: 800 + n,
      severity_summary: summary({ high_count: 40, low_count: 300, unspecified_count: 460 + n }),
    },
    non_compliant_summary: {
      non_compliant_count: bad ? 3 : 0,
      severity_summary: summary(bad ? { critical_count: 1, high_count: 2 } : {}),
    },
    execution_summary: {
      order_id: 'PSO1700000000000abc',
      job_id: `PSJ1700000000000abc-${n}`,
      // Relative to now so the dev console and the page tests always show fresh scans and a few stale ones.
      report_time: Date.now() - (n % 6 === 0 ? 9 * 86_400_000 : n * 60_000),
    },
    ...over,
  }
}

const STATUSES: PatchStatus[] = [
  'MISSING',
  'MISSING',
  'FAILED',
  'INSTALLED',
  'INSTALLED_OTHER',
  'PENDING_REBOOT',
  'REJECT',
]
const SEVERITIES: Severity[] = ['CRITICAL', 'HIGH', 'LOW', 'HIGH', 'UNSPECIFIED', 'MEDIUM', 'LOW']

export function buildComplianceItems(report: InstanceCompliant): ComplianceItem[] {
  return STATUSES.map((status, i) => ({
    instance_id: report.instance_id,
    title: ['openssl', 'libc6', 'broken-pkg', 'bash', 'vim', 'linux-image-amd64', 'telnet'][i],
    classification: i < 3 ? 'Security' : 'Other',
    severity_level: SEVERITIES[i],
    compliance_level: i < 3 ? 'HIGH' : 'UNSPECIFIED',
    installed_version: status === 'MISSING' ? `1.${i}.0-1` : status === 'FAILED' ? null : `2.${i}.0-1`,
    available_version: status === 'MISSING' ? `1.${i}.1-1+deb12u1` : null,
    // As a dnf host reports them; apt hosts report none.
    cve_ids: i === 0 ? ['CVE-2024-5535', 'CVE-2024-6119'] : i === 1 ? ['CVE-2025-4802'] : [],
    patch_detail: {
      // As the BFF: a missing patch has no installed date.
      installed_time: status === 'MISSING' ? null : Date.UTC(2026, 9, 1 + i),
      patch_baseline_id: report.baseline_id,
      patch_baseline_name: report.baseline_name,
      patch_status: status,
    },
  }))
}

export function buildBaseline(over: Partial<Baseline> = {}): Baseline {
  return {
    id: 'JX-f2d85e2554f7385cbbf2c23a01f41',
    name: 'COC-DebianDefaultPatchBaseline',
    operating_system: 'Debian',
    description: 'Default baseline for Debian',
    is_default: true,
    rule_type: 'standard',
    rules: [{ classifications: ['Security'], severities: [], approve_after_days: 7, compliance_level: 'HIGH' }],
    approved_patches: [],
    rejected_patches: [],
    updated_at: '2026-11-01T08:00:00.000Z',
    ...over,
  }
}
