import type { ScannedPackage } from '../../contract/patch-scan'
import type { Severity } from '../../contract/patches'

/** `dpkg-query -W -f` format the scanner asks for: one tab-separated line per package. */
export const DPKG_QUERY_FORMAT = '${Package}\\t${Version}\\t${Architecture}\\t${Priority}\\t${db:Status-Abbrev}\\n'

export interface DpkgInstalled {
  name: string
  version: string
  arch: string
  priority: string
  /** dpkg's abbreviated status, e.g. `ii ` (installed), `iF ` (half-configured), `iU ` (unpacked). */
  status: string
}

// Second letter of db:Status-Abbrev: i installed, W/t triggers pending, U unpacked, F half-configured,
// H half-installed. n (not installed) and c (config files only) are not on the host.
const INSTALLED_STATES = new Set(['i', 'W', 't', 'U', 'F', 'H'])
const BROKEN_STATES = new Set(['U', 'F', 'H'])

export function parseDpkgQuery(text: string): DpkgInstalled[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name, version, arch, priority, status] = line.split('\t')
      return { name, version, arch, priority: priority ?? '', status: status ?? '' }
    })
    .filter((p) => p.name && INSTALLED_STATES.has(p.status[1] ?? ''))
}

export interface AptUpgradable {
  name: string
  suites: string[]
  version: string
  arch: string
  from: string
}

/** Parses `apt list --upgradable`: `name/suite[,suite] version arch [upgradable from: old]`. */
export function parseAptUpgradable(text: string): AptUpgradable[] {
  const out: AptUpgradable[] = []
  for (const line of text.split('\n')) {
    const m = /^([^/\s]+)\/(\S+)\s+(\S+)\s+(\S+)\s+\[upgradable from: ([^\]]+)\]/.exec(line.trim())
    if (m) out.push({ name: m[1], suites: m[2].split(','), version: m[3], arch: m[4], from: m[5] })
  }
  return out
}

/**
 * Debian publishes no per-update severity; like AWS Patch Manager we read the package's Priority field as
 * its severity (required/important → HIGH, standard → MEDIUM, optional → LOW, extra → INFORMATIONAL).
 */
export function debianSeverity(priority: string): Severity {
  switch (priority.toLowerCase()) {
    case 'required':
    case 'important':
      return 'HIGH'
    case 'standard':
      return 'MEDIUM'
    case 'optional':
      return 'LOW'
    case 'extra':
      return 'INFORMATIONAL'
    default:
      return 'UNSPECIFIED'
  }
}

/** Security pocket → Security; other update suites → Bugfix; backports → Enhancement. */
export function debianClassification(suites: string[]): string {
  if (suites.some((s) => s.endsWith('-security') || s.includes('security'))) return 'Security'
  if (suites.some((s) => s.includes('backports'))) return 'Enhancement'
  return 'Bugfix'
}

/** Joins installed packages, available updates and reboot-required packages into scan rows. */
export function buildDebianPackages(
  installed: DpkgInstalled[],
  upgradable: AptUpgradable[],
  rebootRequired: Set<string>,
  installedTime: (name: string, arch: string) => number | null,
): ScannedPackage[] {
  const updates = new Map(upgradable.map((u) => [`${u.name}:${u.arch}`, u]))
  return installed.map((p) => {
    const update = updates.get(`${p.name}:${p.arch}`) ?? updates.get(`${p.name}:all`)
    const broken = BROKEN_STATES.has(p.status[1] ?? '')
    const state = broken
      ? ('failed' as const)
      : update
        ? ('upgradable' as const)
        : rebootRequired.has(p.name)
          ? ('pending_reboot' as const)
          : ('installed' as const)
    return {
      name: p.name,
      installed_version: p.version,
      available_version: update?.version ?? null,
      arch: p.arch,
      classification: update ? debianClassification(update.suites) : 'Other',
      severity: debianSeverity(p.priority),
      state,
      installed_time: installedTime(p.name, p.arch),
      release_time: null,
      // apt's package lists name no CVE ids; a dpkg host reports none rather than guessing.
      cve_ids: [],
    }
  })
}
