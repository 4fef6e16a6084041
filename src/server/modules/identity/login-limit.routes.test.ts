import { describe, expect, it } from 'vitest'
import { testApp } from '../../testing/test-app'

describe('login limit under concurrency (issue 13 #5)', () => {
  it('checks at most 5 of 100 concurrent wrong passwords, then refuses the right one too', async () => {
    const app = await testApp()
    const attempt = (password: string) =>
      app.inject({ method: 'POST', url: '/api/session', payload: { username: 'operator', password } })
    const burst = await Promise.all(Array.from({ length: 100 }, (_, i) => attempt(`wrong-password-${i}`)))
    const codes = burst.map((r) => r.statusCode)
    // 401 means the password was checked; every other attempt was refused before any check.
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(5)
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(95)
    expect(codes.every((c) => c === 401 || c === 429)).toBe(true)

    const right = await attempt('operator-demo-1')
    expect(right.statusCode).toBe(429)
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0)

    // The count lives in PostgreSQL (shared by replicas), not in this process.
    const rows = await app.services.handle.query<{ attempts: number }>(
      "select attempts from login_attempts where key = 'operator|127.0.0.1'",
    )
    expect(rows[0].attempts).toBe(101)

    // Other users and IPs are not affected.
    const other = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'viewer', password: 'viewer-demo-1' },
    })
    expect(other.statusCode).toBe(200)
  })
})
