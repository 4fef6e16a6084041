import type { PatchScanResult, ScannedPackage } from '../../../contract/patch-scan'
import type { ScanTarget } from './patches.service'

const DAY = 86_400_000

/** A scan as an agent would send it (test input only). */
export function scanOf(packages: Partial<ScannedPackage>[], over: Partial<PatchScanResult> = {}): PatchScanResult {
  return {
    os_family: 'debian',
    operating_system: 'Debian',
    os_version: '12',
    scanned_at: Date.now(),
    source: 'scan',
    ...over,
    packages: packages.map((p, i) => ({
      name: `pkg${i}`,
      installed_version: '1.0',
      available_version: null,
      arch: 'amd64',
      classification: 'Other',
      severity: 'UNSPECIFIED',
      state: 'installed',
      installed_time: Date.now() - (i + 1) * DAY,
      release_time: null,
      cve_ids: [],
      ...p,
    })),
  }
}

export function target(n: number, over: Partial<ScanTarget> = {}): ScanTarget {
  return {
    instance_id: `host-${n}`,
    name: `web-${String(n).padStart(2, '0')}`,
    ip: `10.0.0.${n}`,
    eip: null,
    region: n % 2 ? 'cn-north-4' : 'ap-southeast-3',
    group: n % 3 ? 'web' : 'db',
    ...over,
  }
}

/** An old security update (past the 7-day auto-approval): MISSING under the default baseline. */
export const OLD_SECURITY_UPDATE: Partial<ScannedPackage> = {
  name: 'openssl',
  state: 'upgradable',
  available_version: '3.0.2',
  classification: 'Security',
  severity: 'CRITICAL',
  release_time: Date.now() - 30 * DAY,
}
