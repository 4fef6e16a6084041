import { describe, expect, it } from 'vitest'
import type { PatchScanResult } from '../../contract/patch-scan'
import { demoMix } from './demo-mix'

const scan: PatchScanResult = {
  os_family: 'debian',
  operating_system: 'Debian',
  os_version: '12',
  scanned_at: 0,
  source: 'scan',
  packages: ['openssl', 'bash', 'curl'].map((name) => ({
    name,
    installed_version: '1.0',
    available_version: '1.1',
    arch: 'amd64',
    classification: 'Security',
    severity: 'HIGH' as const,
    state: 'upgradable' as const,
    installed_time: 1,
    release_time: null,
  })),
}

describe('demoMix', () => {
  it('reports the packages a Patch now ticket recorded as installed at the new version', () => {
    // An agent_sn whose own mix leaves every update pending, so the change is the ticket's.
    const sn = Array.from({ length: 200 }, (_, i) => `demo-${i}`).find((s) =>
      demoMix(scan, s).packages.every((p) => p.state === 'upgradable'),
    )!
    const after = demoMix(scan, sn, new Set(['openssl']))
    expect(after.source).toBe('demo')
    expect(after.packages.find((p) => p.name === 'openssl')).toMatchObject({
      state: 'installed',
      installed_version: '1.1',
      available_version: null,
    })
    expect(after.packages.filter((p) => p.state === 'upgradable').map((p) => p.name)).toEqual(['bash', 'curl'])
  })
})
