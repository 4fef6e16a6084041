import { describe, expect, it } from 'vitest'
import { AlarmBodySchema } from '../../../contract/incidents'
import { sampleAlarm } from './integration-keys-drawer'

describe('the curl line shown with a new integration key', () => {
  it('posts a body the webhook accepts as it is (every required field of the seed)', () => {
    const parsed = AlarmBodySchema.safeParse(JSON.parse(sampleAlarm()))
    expect(parsed.error?.issues ?? []).toEqual([])
  })
})
