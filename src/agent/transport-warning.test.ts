import { chmodSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSecret, saveSecret } from './credential-file'
import { transportWarning } from './transport-warning'

describe('agent transport and credential file', () => {
  it('warns about plain ws/http to anything but this machine', () => {
    expect(transportWarning('http://10.0.0.8:8080')).toMatch(/not encrypted/)
    expect(transportWarning('ws://console.example.com')).toMatch(/not encrypted/)
    for (const ok of [
      'https://console.example.com',
      'wss://10.0.0.8',
      'http://127.0.0.1:8080',
      'http://localhost',
      'http://[::1]:80',
    ])
      expect(transportWarning(ok)).toBeNull()
  })

  it('keeps the secret 0600 and refuses a secret file others can read or a planted symlink', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oc-cred-'))
    expect(loadSecret(dir)).toBeUndefined()
    saveSecret(dir, 'ocs_abc')
    expect(statSync(path.join(dir, 'agent.secret')).mode & 0o777).toBe(0o600)
    expect(loadSecret(dir)).toBe('ocs_abc')
    chmodSync(path.join(dir, 'agent.secret'), 0o644)
    expect(() => loadSecret(dir)).toThrow(/mode 0600/)
    const other = mkdtempSync(path.join(os.tmpdir(), 'oc-cred-'))
    writeFileSync(path.join(other, 'elsewhere'), 'ocs_planted', { mode: 0o600 })
    symlinkSync(path.join(other, 'elsewhere'), path.join(other, 'agent.secret'))
    expect(() => loadSecret(other)).toThrow()
  })
})
