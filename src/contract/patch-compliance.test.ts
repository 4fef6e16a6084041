import { describe, expect, it } from 'vitest'
import { evaluateCompliance, normaliseSeverity } from './patch-compliance'
import type { BaselineRule } from './patches'
import type { ScannedPackage } from './patch-scan'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 10, 23)
const securityRule: BaselineRule = {
  classifications: ['Security'],
  severities: [],
  approve_after_days: 7,
  compliance_level: 'HIGH',
}

function pkg(name: string, over: Partial<ScannedPackage> = {}): ScannedPackage {
  return {
    name,
    installed_version: '1.0',
    available_version: null,
    arch: 'amd64',
    classification: 'Security',
    severity: 'HIGH',
    state: 'installed',
    installed_time: NOW - 30 * DAY,
    release_time: null,
    ...over,
  }
}
const upgradable = (name: string, over: Partial<ScannedPackage> = {}) =>
  pkg(name, { state: 'upgradable', available_version: '1.1', ...over })

const base = { rules: [securityRule], approved_patches: [] as string[], rejected_patches: [] as string[] }
const old = () => NOW - 10 * DAY

describe('evaluateCompliance', () => {
  const cases: [string, Partial<typeof base>, ScannedPackage, string | null, (n: string) => number | undefined][] = [
    ['installed + required', {}, pkg('a'), 'INSTALLED', old],
    ['installed, no rule matches', {}, pkg('a', { classification: 'Bugfix' }), 'INSTALLED_OTHER', old],
    ['update required (old enough since first seen)', {}, upgradable('a'), 'MISSING', old],
    ['update too new for auto-approval', {}, upgradable('a'), 'INSTALLED_OTHER', () => NOW - 2 * DAY],
    ['never seen before counts as new', {}, upgradable('a'), 'INSTALLED_OTHER', () => undefined],
    ['release date wins over first seen', {}, upgradable('a', { release_time: NOW - 8 * DAY }), 'MISSING', () => NOW],
    [
      'approved list forces required',
      { approved_patches: ['a'] },
      upgradable('a', { classification: 'Other' }),
      'MISSING',
      () => NOW,
    ],
    ['rejected + installed', { rejected_patches: ['a'] }, pkg('a'), 'REJECT', old],
    ['rejected + update available (installed)', { rejected_patches: ['a'] }, upgradable('a'), 'REJECT', old],
    [
      'rejected + not installed is not reported',
      { rejected_patches: ['a'] },
      upgradable('a', { installed_version: null }),
      null,
      old,
    ],
    ['half-installed', {}, pkg('a', { state: 'failed' }), 'FAILED', old],
    ['awaiting reboot', {}, pkg('a', { state: 'pending_reboot' }), 'PENDING_REBOOT', old],
    [
      'severity filter excludes',
      { rules: [{ ...securityRule, severities: ['CRITICAL'] }] },
      upgradable('a'),
      'INSTALLED_OTHER',
      old,
    ],
    [
      'severity filter includes',
      { rules: [{ ...securityRule, severities: ['HIGH'] }] },
      upgradable('a'),
      'MISSING',
      old,
    ],
    [
      'empty classification list matches all',
      { rules: [{ ...securityRule, classifications: [] }] },
      upgradable('a', { classification: 'Other' }),
      'MISSING',
      old,
    ],
  ]
  it.each(cases)('%s', (_, over, p, expected, firstSeen) => {
    const r = evaluateCompliance({ ...base, ...over }, [p], { now: NOW, firstSeen })
    expect(r.items[0]?.patch_status ?? null).toBe(expected)
  })

  it('is non-compliant exactly when a required patch is MISSING or FAILED, with severity summaries', () => {
    const packages = [
      pkg('ok'),
      upgradable('miss', { severity: 'CRITICAL' }),
      pkg('broken', { state: 'failed', severity: 'LOW' }),
      pkg('reboot', { state: 'pending_reboot' }),
      pkg('other', { classification: 'Bugfix', severity: 'UNSPECIFIED' }),
    ]
    const r = evaluateCompliance(base, packages, { now: NOW, firstSeen: old })
    expect(r.status).toBe('non_compliant')
    expect(r.non_compliant_count).toBe(2)
    expect(r.compliant_count).toBe(3)
    expect(r.non_compliant_severity).toMatchObject({ critical_count: 1, low_count: 1, high_count: 0 })
    expect(r.compliant_severity).toMatchObject({ high_count: 2, unspecified_count: 1 })
    expect(r.items.find((i) => i.title === 'miss')?.compliance_level).toBe('HIGH')
    expect(r.items.find((i) => i.title === 'other')?.compliance_level).toBe('UNSPECIFIED')

    const clean = evaluateCompliance(base, [pkg('ok'), pkg('reboot', { state: 'pending_reboot' })], {
      now: NOW,
      firstSeen: old,
    })
    expect(clean.status).toBe('compliant')
    expect(clean.non_compliant_count).toBe(0)
  })

  it('never gives a MISSING patch an installed date (the old version installed is not the patch)', () => {
    const r = evaluateCompliance(base, [upgradable('miss'), pkg('ok')], { now: NOW, firstSeen: old })
    expect(r.items.find((i) => i.title === 'miss')).toMatchObject({ patch_status: 'MISSING', installed_time: null })
    expect(r.items.find((i) => i.title === 'ok')?.installed_time).toBe(NOW - 30 * DAY)
  })

  it('normalises severities of apt, dnf and seed words', () => {
    expect(['Critical', 'Important', 'Moderate', 'low', 'None', '', 'weird'].map(normaliseSeverity)).toEqual([
      'CRITICAL',
      'HIGH',
      'MEDIUM',
      'LOW',
      'INFORMATIONAL',
      'UNSPECIFIED',
      'UNSPECIFIED',
    ])
  })
})
