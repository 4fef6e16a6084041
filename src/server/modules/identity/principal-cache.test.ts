import { describe, expect, it, vi } from 'vitest'
import type { Principal } from '../../lib/principal'
import { PrincipalCache } from './principal-cache'

const ALICE: Principal = {
  userId: 'u1',
  username: 'alice',
  displayName: 'Alice',
  role: 'operator',
  tenantId: 't1',
  tenantName: 'default',
  via: 'session',
  sessionId: 's1',
}

describe('PrincipalCache', () => {
  it('loads once for concurrent misses and serves hits until the TTL ends', async () => {
    vi.useFakeTimers()
    try {
      const cache = new PrincipalCache(2000)
      const load = vi.fn(async () => ALICE)
      const got = await Promise.all(Array.from({ length: 50 }, () => cache.get('k', load)))
      expect(load).toHaveBeenCalledTimes(1)
      expect(got.every((p) => p?.username === 'alice')).toBe(true)
      got[0]!.role = 'admin' // a caller's change stays its own
      expect((await cache.get('k', load))?.role).toBe('operator')
      vi.advanceTimersByTime(2001)
      await cache.get('k', load)
      expect(load).toHaveBeenCalledTimes(2)
    } finally {
      vi.useRealTimers()
    }
  })

  it('never keeps an unknown token or a failed load', async () => {
    const cache = new PrincipalCache()
    const none = vi.fn(async () => null)
    await cache.get('k', none)
    await cache.get('k', none)
    expect(none).toHaveBeenCalledTimes(2)
    await expect(cache.get('e', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down')
    expect(await cache.get('e', async () => ALICE)).toMatchObject({ userId: 'u1' })
  })

  it('forgets a session on logout and every principal of a changed user', async () => {
    const cache = new PrincipalCache()
    const load = vi.fn(async () => ALICE)
    await cache.get('a', load)
    await cache.get('b', async () => ({ ...ALICE, sessionId: 's2' }))
    cache.forgetSession('s1')
    await cache.get('a', load)
    expect(load).toHaveBeenCalledTimes(2)
    cache.forgetUser('u1')
    const reloadB = vi.fn(async () => null)
    expect(await cache.get('b', reloadB)).toBeNull()
    expect(reloadB).toHaveBeenCalledTimes(1)
  })
})
