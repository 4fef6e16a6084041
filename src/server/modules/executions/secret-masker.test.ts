import { describe, expect, it } from 'vitest'
import { SecretMasker } from './secret-masker'

describe('SecretMasker', () => {
  it('masks a secret split across chunks and never releases a part of it', () => {
    const m = new SecretMasker(['hunter22'])
    const parts = ['password is hun', 'ter', '22 ok', '\n']
    const released = parts.map((p) => m.push(p))
    const all = released.join('') + m.end()
    expect(all).toBe('password is ****** ok\n')
    for (const r of released) expect(r).not.toMatch(/hun|ter22/)
  })

  it('passes text through untouched without secrets and ignores 1–2 character values', () => {
    const m = new SecretMasker(['ab'])
    expect(m.push('abc')).toBe('abc')
  })

  it('masks the longest secret first', () => {
    const m = new SecretMasker(['secret', 'secret-long'])
    expect(m.push('x secret-long y secret z') + m.end()).toBe('x ****** y ****** z')
  })
})
