import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The master key: encrypts secrets at rest (AK/SK secret keys, sensitive script params) and signs links.
 * Separate sub-keys are derived per purpose so an HMAC never reuses the encryption key.
 */
export class Keyring {
  private readonly encKey: Buffer
  private readonly macKey: Buffer

  constructor(master: Buffer) {
    if (master.length < 32) throw new Error('secret key must be at least 32 bytes')
    this.encKey = createHmac('sha256', master).update('enc').digest()
    this.macKey = createHmac('sha256', master).update('mac').digest()
  }

  /** AES-256-GCM; output `v1.<iv>.<tag>.<ciphertext>` in base64url. */
  encrypt(plain: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv)
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(
      '.',
    )
  }

  decrypt(box: string): string {
    const [version, iv, tag, data] = box.split('.')
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('malformed ciphertext')
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
  }

  /** HMAC-SHA256 for signed links and tokens, base64url. */
  sign(payload: string): string {
    return createHmac('sha256', this.macKey).update(payload).digest('base64url')
  }

  verify(payload: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(payload))
    const given = Buffer.from(signature)
    return expected.length === given.length && timingSafeEqual(expected, given)
  }
}

/**
 * Key from `CONSOLE_SECRET_KEY` (hex or base64, ≥ 32 bytes) or from `<dataDir>/secret.key`, created with
 * mode 0600 on first start. Losing that file makes stored secrets unreadable, so back it up with the data.
 */
export function loadKeyring(opts: { secretKey?: string; dataDir: string }): Keyring {
  if (opts.secretKey) {
    const raw = /^[0-9a-f]+$/i.test(opts.secretKey)
      ? Buffer.from(opts.secretKey, 'hex')
      : Buffer.from(opts.secretKey, 'base64')
    return new Keyring(raw)
  }
  const file = path.join(opts.dataDir, 'secret.key')
  if (!existsSync(file)) {
    mkdirSync(opts.dataDir, { recursive: true })
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 })
    chmodSync(file, 0o600)
  }
  return new Keyring(Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'))
}
