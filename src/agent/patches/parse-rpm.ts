import type { ScannedPackage } from '../../contract/patch-scan'
import { normaliseSeverity } from '../../contract/patch-compliance'

/** `rpm -qa --qf` format the scanner asks for. */
export const RPM_QUERY_FORMAT = '%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{INSTALLTIME}\\n'

export interface RpmInstalled {
  name: string
  version: string
  arch: string
  installedTime: number | null
}

export function parseRpmQuery(text: string): RpmInstalled[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name, version, arch, time] = line.split('\t')
      const t = Number(time)
      return {
        name,
        version: version.replace(/^0:/, ''),
        arch,
        installedTime: Number.isFinite(t) && t > 0 ? t * 1000 : null,
      }
    })
    .filter((p) => p.name && p.name !== 'gpg-pubkey')
}

export interface RpmAdvisory {
  advisory: string
  type: string
  severity: string
  nevra: string
  name: string
  arch: string
}

/**
 * Parses `dnf updateinfo list --available` (or `yum updateinfo list available`):
 * `RHSA-2024:1234 Important/Sec. openssl-1:3.0.7-25.el9.x86_64` or `FEDORA-2024-x bugfix pkg-1.0-1.fc40.noarch`.
 */
export function parseUpdateinfo(text: string): RpmAdvisory[] {
  const out: RpmAdvisory[] = []
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(\S+)\s+(\S+)$/.exec(line.trim())
    if (!m || m[1].startsWith('Last') || m[1] === 'Updating') continue
    const [, advisory, kind, nevra] = m
    const sec = /^(\w+)\/Sec\.?$/.exec(kind)
    const type = sec
      ? 'Security'
      : kind.toLowerCase() === 'bugfix'
        ? 'Bugfix'
        : kind.toLowerCase() === 'enhancement'
          ? 'Enhancement'
          : kind.toLowerCase() === 'security'
            ? 'Security'
            : 'Other'
    const n = /^(.+)-[^-]+-[^-]+\.([^.]+)$/.exec(nevra)
    if (!n) continue
    out.push({ advisory, type, severity: sec ? sec[1] : '', nevra, name: n[1], arch: n[2] })
  }
  return out
}

/**
 * CVE ids per updating package from `dnf updateinfo list --available --with-cve` (yum: `updateinfo list cves`),
 * whose lines are `CVE-2024-1234 Important/Sec. openssl-1:3.0.7-25.el9.x86_64`: `name.arch` → sorted ids.
 */
export function parseUpdateinfoCves(text: string): Map<string, string[]> {
  const out = new Map<string, Set<string>>()
  for (const a of parseUpdateinfo(text)) {
    if (!/^CVE-\d{4}-\d{4,}$/.test(a.advisory)) continue
    const key = `${a.name}.${a.arch}`
    out.set(key, (out.get(key) ?? new Set()).add(a.advisory))
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]))
}

/** Installed RPMs joined with the advisories that update them (the most severe advisory wins). */
export function buildRpmPackages(
  installed: RpmInstalled[],
  advisories: RpmAdvisory[],
  cves: Map<string, string[]> = new Map(),
): ScannedPackage[] {
  const rank = ['UNSPECIFIED', 'INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']
  const byPkg = new Map<string, RpmAdvisory>()
  for (const a of advisories) {
    const key = `${a.name}.${a.arch}`
    const prev = byPkg.get(key)
    if (!prev || rank.indexOf(normaliseSeverity(a.severity)) > rank.indexOf(normaliseSeverity(prev.severity)))
      byPkg.set(key, a)
  }
  return installed.map((p) => {
    const a = byPkg.get(`${p.name}.${p.arch}`) ?? byPkg.get(`${p.name}.noarch`)
    return {
      name: p.name,
      installed_version: p.version,
      available_version: a ? a.nevra.slice(p.name.length + 1).replace(/\.[^.]+$/, '') : null,
      arch: p.arch,
      classification: a?.type ?? 'Other',
      severity: normaliseSeverity(a?.severity),
      state: a ? ('upgradable' as const) : ('installed' as const),
      installed_time: p.installedTime,
      release_time: null,
      cve_ids: a ? (cves.get(`${p.name}.${p.arch}`) ?? cves.get(`${p.name}.noarch`) ?? []).slice(0, 200) : [],
    }
  })
}
