import type { ScriptReview, ScriptVersion } from '../../src/contract/script-console'
import type { ScriptDetail } from '../../src/contract/scripts'

/** A script as the mock keeps it: the COC detail plus what the console routes show. */
export interface MockScript {
  id: number
  detail: ScriptDetail
  revision: number
  reviewRevision: number
  approvedRevision: number | null
  versions: ScriptVersion[]
  reviews: ScriptReview[]
  /** Plain values of sensitive params (the BFF encrypts them). */
  secrets: Record<string, string>
}

let seq = 0
const TENANT = '00000000-0000-4000-8000-0000000000aa'

/** A script with one revision; `detail` fields may be overridden. */
export function buildScript(overrides: Partial<ScriptDetail> = {}): MockScript {
  const n = ++seq
  const at = Date.UTC(2026, 10, 1, 8, n)
  const detail: ScriptDetail = {
    script_uuid: `SC20261101080${String(n).padStart(3, '0')}${'a'.repeat(8)}`.slice(0, 25),
    name: `script_${n}`,
    version: '1.0.0',
    description: `Script number ${n}`,
    type: 'SHELL',
    content: 'echo hello\nuptime',
    script_params: [],
    status: 'APPROVED',
    gmt_created: at,
    gmt_modified: at,
    creator: 'operator',
    creator_id: 'c'.repeat(32),
    operator: 'operator',
    properties: { risk_level: 'LOW', version: '1.0.0', reviewers: [], protocol: 'DEFAULT' },
    enterprise_project_id: TENANT,
    ...overrides,
  }
  detail.properties.version = detail.version
  return {
    id: n,
    detail,
    revision: 1,
    reviewRevision: 1,
    approvedRevision: detail.status === 'APPROVED' ? 1 : null,
    versions: [versionOf(detail, 1, 'create', detail.creator, new Date(at).toISOString())],
    reviews: [],
    secrets: {},
  }
}

export function versionOf(
  d: ScriptDetail,
  revision: number,
  change: ScriptVersion['change'],
  author: string,
  createdAt: string,
): ScriptVersion {
  return {
    revision,
    version: d.properties.version,
    change,
    author,
    createdAt,
    name: d.name,
    type: d.type,
    description: d.description,
    content: d.content,
    riskLevel: d.properties.risk_level,
    params: d.script_params.map((p) => ({ ...p })),
    reviewers: d.properties.reviewers.map((r) => r.reviewer_name),
  }
}

export function buildScriptList() {
  return [
    buildScript({ name: 'disk_usage', content: 'df -h' }),
    buildScript({
      name: 'wipe_root',
      content: 'rm -rf /',
      status: 'PENDING_APPROVE',
      properties: {
        risk_level: 'HIGH',
        version: '1.0.0',
        reviewers: [{ reviewer_name: 'reviewer', reviewer_id: 'r'.repeat(32) }],
        protocol: 'DEFAULT',
      },
    }),
  ]
}
