import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Keyring } from './keyring'
import { hashPassword, verifyPassword } from './passwords'
import { MASK, redactSecrets } from './redact'

describe('keyring', () => {
  const k = new Keyring(randomBytes(32))
  it('encrypts with a fresh IV and detects tampering', () => {
    const a = k.encrypt('s3cret')
    expect(a).not.toBe(k.encrypt('s3cret'))
    expect(k.decrypt(a)).toBe('s3cret')
    const parts = a.split('.')
    parts[3] = Buffer.from('xxxxxx').toString('base64url')
    expect(() => k.decrypt(parts.join('.'))).toThrow()
    expect(() => new Keyring(randomBytes(32)).decrypt(a)).toThrow()
  })
  it('signs and verifies', () => {
    const sig = k.sign('payload')
    expect(k.verify('payload', sig)).toBe(true)
    expect(k.verify('payload2', sig)).toBe(false)
    expect(k.verify('payload', `${sig}x`)).toBe(false)
  })
})

describe('passwords', () => {
  it('hashes with scrypt and a salt, verifies only the right password', async () => {
    const h = await hashPassword('correct horse')
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(h).not.toBe(await hashPassword('correct horse'))
    expect(await verifyPassword('correct horse', h)).toBe(true)
    expect(await verifyPassword('wrong horse', h)).toBe(false)
    expect(await verifyPassword('x', 'plain')).toBe(false)
  })
})

describe('redactSecrets', () => {
  it('masks secret keys and sensitive param values at any depth, leaving the rest', () => {
    const out = redactSecrets({
      name: 'x',
      password: 'p',
      nested: { secretKey: 's', list: [{ token: 't', ok: 1 }] },
      script_params: [
        { param_name: 'a', param_value: 'visible' },
        { param_name: 'b', param_value: 'hidden', sensitive: true },
      ],
    }) as {
      password: string
      name: string
      nested: { secretKey: string; list: unknown[] }
      script_params: { param_value: string }[]
    }
    expect(out.password).toBe(MASK)
    expect(out.nested.secretKey).toBe(MASK)
    expect(out.nested.list[0]).toEqual({ token: MASK, ok: 1 })
    expect(out.script_params[0].param_value).toBe('visible')
    expect(out.script_params[1].param_value).toBe(MASK)
    expect(out.name).toBe('x')
  })
})
