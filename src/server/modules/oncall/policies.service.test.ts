import { describe, expect, it } from 'vitest'
import { pickPolicy, type PolicyRow } from './policies.service'

const policy = (name: string, applicationIds: string[], incidentLevels: string[], age = 0): PolicyRow => ({
  id: name,
  tenantId: 't',
  name,
  applicationIds,
  incidentLevels,
  escalateLevels: ['level_10'],
  repeatCount: 0,
  steps: [],
  createdAt: new Date(1000 - age),
  updatedAt: new Date(),
})

describe('pickPolicy', () => {
  const all = [
    policy('default', [], []),
    policy('p1 only', [], ['level_10']),
    policy('mall', ['mall-order'], []),
    policy('older default', [], [], 10),
  ]
  it('prefers an application match, then a level match, then the oldest catch-all', () => {
    expect(pickPolicy(all, 'mall-order', 'level_10')?.name).toBe('mall')
    expect(pickPolicy(all, 'other', 'level_10')?.name).toBe('p1 only')
    expect(pickPolicy(all, 'other', 'level_30')?.name).toBe('older default')
  })
  it('finds none when nothing covers the incident', () => {
    expect(pickPolicy([policy('mall', ['mall'], ['level_10'])], 'mall', 'level_20')).toBeUndefined()
  })
})
