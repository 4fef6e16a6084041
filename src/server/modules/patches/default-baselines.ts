import { randomBytes } from 'node:crypto'
import { OperatingSystemSchema, type BaselineRule, type OperatingSystem } from '../../../contract/patches'

/**
 * The default baseline of each OS, created per tenant on first use, named like COC's
 * `COC-EulerOSDefaultPatchBaseline`. As in AWS Patch Manager's defaults: on Debian/Ubuntu (whose
 * repositories publish no release dates) security updates are required at once; on the RHEL family
 * security updates and critical/high bug fixes are required 7 days after their advisory. Everything else
 * is reported but optional.
 */
export function defaultRules(os: OperatingSystem): BaselineRule[] {
  const days = os === 'Debian' || os === 'Ubuntu' ? 0 : 7
  return [
    { classifications: ['Security'], severities: [], approve_after_days: days, compliance_level: 'HIGH' },
    {
      classifications: ['Bugfix'],
      severities: ['CRITICAL', 'HIGH'],
      approve_after_days: 7,
      compliance_level: 'MEDIUM',
    },
  ]
}

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
