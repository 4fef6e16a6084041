import { execFile } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { promisify } from 'node:util'
import type { PatchScanResult } from '../../contract/patch-scan'
import { buildDebianPackages, DPKG_QUERY_FORMAT, parseAptUpgradable, parseDpkgQuery } from './parse-dpkg'
import { buildRpmPackages, parseRpmQuery, parseUpdateinfo, parseUpdateinfoCves, RPM_QUERY_FORMAT } from './parse-rpm'

const run = promisify(execFile)
const OPTS = { maxBuffer: 64 * 1024 * 1024, timeout: 120_000, env: { ...process.env, LANG: 'C', LC_ALL: 'C' } }

/** /etc/os-release as a map. */
export function readOsRelease(file = '/etc/os-release'): Record<string, string> {
  if (!existsSync(file)) return {}
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => {
        const i = l.indexOf('=')
        return [l.slice(0, i), l.slice(i + 1).replace(/^"|"$/g, '')]
      }),
  )
}

const OS_NAMES: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  centos: 'CentOS',
  rhel: 'RHEL',
  rocky: 'Rocky',
  almalinux: 'AlmaLinux',
  euleros: 'EulerOS',
  hce: 'HuaweiCloudEulerOS',
  openeuler: 'openEuler',
}

/**
 * Scans this host's packages with its own package manager: dpkg + `apt list --upgradable` on Debian/Ubuntu
 * (from the local package lists: run `apt-get update` to refresh them), rpm + `dnf updateinfo` on the
 * RHEL family. Throws when neither is present.
 */
export async function scanPatches(now = Date.now()): Promise<PatchScanResult> {
  const os = readOsRelease()
  const id = (os.ID ?? '').toLowerCase()
  const operating_system = OS_NAMES[id] ?? os.NAME ?? 'Linux'
  if (existsSync('/usr/bin/dpkg-query')) {
    const [installed, upgradable] = await Promise.all([
      run('dpkg-query', ['-W', '-f', DPKG_QUERY_FORMAT], OPTS),
      run('apt', ['list', '--upgradable'], OPTS).catch(() => ({ stdout: '' })),
    ])
    const reboot = new Set(
      existsSync('/var/run/reboot-required.pkgs')
        ? readFileSync('/var/run/reboot-required.pkgs', 'utf8').split('\n').filter(Boolean)
        : [],
    )
    const packages = buildDebianPackages(
      parseDpkgQuery(installed.stdout),
      parseAptUpgradable(upgradable.stdout),
      reboot,
      dpkgInstalledTime,
    )
    return {
      os_family: 'debian',
      operating_system,
      os_version: os.VERSION_ID ?? '',
      scanned_at: now,
      source: 'scan',
      packages,
    }
  }
  if (existsSync('/usr/bin/rpm')) {
    const installed = await run('rpm', ['-qa', '--qf', RPM_QUERY_FORMAT], OPTS)
    const tool = existsSync('/usr/bin/dnf') ? 'dnf' : 'yum'
    const info = await run(
      tool,
      ['-q', 'updateinfo', 'list', tool === 'dnf' ? '--available' : 'available'],
      OPTS,
    ).catch(() => ({ stdout: '' }))
    const cves = await run(
      tool,
      tool === 'dnf'
        ? ['-q', 'updateinfo', 'list', '--available', '--with-cve']
        : ['-q', 'updateinfo', 'list', 'cves', 'available'],
      OPTS,
    ).catch(() => ({ stdout: '' }))
    const packages = buildRpmPackages(
      parseRpmQuery(installed.stdout),
      parseUpdateinfo(info.stdout),
      parseUpdateinfoCves(cves.stdout),
    )
    return {
      os_family: 'rhel',
      operating_system,
      os_version: os.VERSION_ID ?? '',
      scanned_at: now,
      source: 'scan',
      packages,
    }
  }
  throw new Error('No supported package manager (dpkg or rpm) on this host')
}

/** dpkg keeps no install date; the mtime of the package's file list is when it was last unpacked. */
function dpkgInstalledTime(name: string, arch: string): number | null {
  for (const f of [`/var/lib/dpkg/info/${name}:${arch}.list`, `/var/lib/dpkg/info/${name}.list`]) {
    try {
      return Math.round(statSync(f).mtimeMs)
    } catch {
      // try the next naming scheme
    }
  }
  return null
}
