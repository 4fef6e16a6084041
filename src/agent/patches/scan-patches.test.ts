import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { demoMix } from './demo-mix'
import { buildDebianPackages, parseAptUpgradable, parseDpkgQuery } from './parse-dpkg'
import { buildRpmPackages, parseRpmQuery, parseUpdateinfo, parseUpdateinfoCves } from './parse-rpm'
import { scanPatches } from './scan-patches'

describe('dpkg/apt parsing', () => {
  const dpkg = [
    'adduser\t3.134\tall\timportant\tii ',
    'apt\t2.6.1\tamd64\trequired\tii ',
    'broken\t1.0\tamd64\toptional\tiF ',
    'gone\t1.0\tamd64\toptional\trc ',
    'zlib1g\t1:1.2.13\tamd64\trequired\tii ',
  ].join('\n')
  const apt = [
    'Listing...',
    'apt/oldstable-security 2.6.2 amd64 [upgradable from: 2.6.1]',
    'zlib1g/oldstable,oldstable-updates 1:1.2.13.dfsg-1 amd64 [upgradable from: 1:1.2.13]',
  ].join('\n')

  it('keeps installed and broken packages, drops removed ones', () => {
    expect(parseDpkgQuery(dpkg).map((p) => p.name)).toEqual(['adduser', 'apt', 'broken', 'zlib1g'])
  })

  it('classifies the security pocket as Security and reads Priority as severity', () => {
    const rows = buildDebianPackages(parseDpkgQuery(dpkg), parseAptUpgradable(apt), new Set(['adduser']), () => 1)
    const by = Object.fromEntries(rows.map((r) => [r.name, r]))
    expect(by.apt).toMatchObject({
      state: 'upgradable',
      classification: 'Security',
      severity: 'HIGH',
      available_version: '2.6.2',
    })
    expect(by.zlib1g).toMatchObject({ state: 'upgradable', classification: 'Bugfix' })
    expect(by.broken).toMatchObject({ state: 'failed', severity: 'LOW' })
    expect(by.adduser).toMatchObject({ state: 'pending_reboot', classification: 'Other' })
  })
})

describe('rpm/dnf parsing', () => {
  it('joins updateinfo advisories to installed packages, the most severe first', () => {
    const rpm = parseRpmQuery(
      [
        'openssl\t1:3.0.7-24.el9\tx86_64\t1700000000',
        'bash\t0:5.1.8-6.el9\tx86_64\t1700000001',
        'gpg-pubkey\t0:x-y\t(none)\t1',
      ].join('\n'),
    )
    expect(rpm.map((p) => p.name)).toEqual(['openssl', 'bash'])
    const info = parseUpdateinfo(
      [
        'Last metadata expiration check: 0:01:02 ago.',
        'RHSA-2024:1 Moderate/Sec. openssl-1:3.0.7-25.el9.x86_64',
        'RHSA-2024:2 Critical/Sec. openssl-1:3.0.7-26.el9.x86_64',
        'RHBA-2024:3 bugfix bash-5.1.8-9.el9.x86_64',
      ].join('\n'),
    )
    const rows = buildRpmPackages(rpm, info)
    expect(rows[0]).toMatchObject({
      name: 'openssl',
      state: 'upgradable',
      classification: 'Security',
      severity: 'CRITICAL',
      installed_time: 1_700_000_000_000,
    })
    expect(rows[1]).toMatchObject({
      name: 'bash',
      state: 'upgradable',
      classification: 'Bugfix',
      severity: 'UNSPECIFIED',
    })
    expect(rows[1].cve_ids).toEqual([])
  })

  it('reads the CVE ids of each update from updateinfo --with-cve', () => {
    const rpm = parseRpmQuery(
      ['openssl\t1:3.0.7-24.el9\tx86_64\t1700000000', 'bash\t0:5.1.8-6.el9\tx86_64\t1'].join('\n'),
    )
    const info = parseUpdateinfo('RHSA-2024:2 Critical/Sec. openssl-1:3.0.7-26.el9.x86_64')
    const cves = parseUpdateinfoCves(
      [
        'Last metadata expiration check: 0:01:02 ago.',
        'CVE-2024-5535 Critical/Sec. openssl-1:3.0.7-26.el9.x86_64',
        'CVE-2023-50782 Moderate/Sec. openssl-1:3.0.7-26.el9.x86_64',
        'CVE-2024-5535 Critical/Sec. openssl-1:3.0.7-26.el9.x86_64',
        'RHBA-2024:3 bugfix bash-5.1.8-9.el9.x86_64',
      ].join('\n'),
    )
    const rows = buildRpmPackages(rpm, info, cves)
    expect(rows[0]).toMatchObject({ available_version: '1:3.0.7-26.el9', cve_ids: ['CVE-2023-50782', 'CVE-2024-5535'] })
    // bash has no advisory here: no CVE ids, not up for update.
    expect(rows[1]).toMatchObject({ state: 'installed', cve_ids: [] })
  })
})

describe('real scan of this machine', () => {
  it.skipIf(!existsSync('/usr/bin/dpkg-query') && !existsSync('/usr/bin/rpm'))(
    'reports installed packages with versions and times',
    async () => {
      const scan = await scanPatches()
      expect(scan.packages.length).toBeGreaterThan(50)
      expect(scan.operating_system).not.toBe('')
      const sample = scan.packages.find((p) => p.name === (scan.os_family === 'debian' ? 'dpkg' : 'rpm'))
      expect(sample?.installed_version).toMatch(/\d/)
      expect(sample?.installed_time).toBeGreaterThan(Date.UTC(2000, 0, 1))
      for (const p of scan.packages) expect(['installed', 'upgradable', 'failed', 'pending_reboot']).toContain(p.state)
    },
    120_000,
  )
})

describe('demo mix', () => {
  it('varies a scan deterministically per agent and labels it', () => {
    const scan = {
      os_family: 'debian' as const,
      operating_system: 'Debian',
      os_version: '12',
      scanned_at: 1,
      source: 'scan' as const,
      packages: Array.from({ length: 200 }, (_, i) => ({
        name: `p${i}`,
        installed_version: '1',
        available_version: '2',
        arch: 'amd64',
        classification: 'Security',
        severity: 'HIGH' as const,
        state: 'upgradable' as const,
        installed_time: 1,
        release_time: null,
        cve_ids: [],
      })),
    }
    const a = demoMix(scan, 'agent-a')
    expect(a.source).toBe('demo')
    expect(demoMix(scan, 'agent-a')).toEqual(a)
    const missing = (s: typeof a) => s.packages.filter((p) => p.state === 'upgradable').length
    expect(missing(a)).not.toBe(missing(demoMix(scan, 'agent-b')))
  })
})
