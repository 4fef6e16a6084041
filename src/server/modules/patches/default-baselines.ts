import { randomBytes } from 'node:crypto'
import { OperatingSystemSchema, type BaselineRule, type OperatingSystem } from '../../../contract/patches'

/**
 * The default baseline of each OS, created per tenant on first use, named like COC's
 * `COC-EulerOSDefaultPatchBaseline`: security updates are required 7 days after they appear,
 * critical/high bug fixes too; everything else is reported but optional.
 */
export const DEFAULT_RULES: BaselineRule[] = [
  { classifications: ['Security'], severities: [], approve_after_days: 7, compliance_level: 'HIGH' },
  { classifications: ['Bugfix'], severities: ['CRITICAL', 'HIGH'], approve_after_days: 7, compliance_level: 'MEDIUM' },
]

export const defaultBaselineName = (os: OperatingSystem) => `COC-${os}DefaultPatchBaseline`

/** COC-style baseline id: `JX-` and 29 hex digits. */
export function newBaselineId() {
  return `JX-${randomBytes(15).toString('hex').slice(0, 29)}`
}

/** The OS a scan belongs to for baseline purposes; unknown distributions fall back to their family. */
export function baselineOs(operatingSystem: string, family: 'debian' | 'rhel'): OperatingSystem {
  const parsed = OperatingSystemSchema.safeParse(operatingSystem)
  if (parsed.success) return parsed.data
  return family === 'debian' ? 'Debian' : 'CentOS'
}
