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

/** Lets promise callbacks queued so far run (the fake clock does not move). */
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
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

  it('reloads ahead in the second half of the TTL: requests are served meanwhile, a forget still wins', async () => {
    vi.useFakeTimers()
    try {
      const cache = new PrincipalCache(2000)
      const load = vi.fn(async () => ALICE)
      await cache.get('k', load)
      vi.advanceTimersByTime(1500)
      // The reload is slow (a busy pool): this request does not wait for it.
      let release!: (p: Principal) => void
      const slow = vi.fn(() => new Promise<Principal>((r) => (release = r)))
      expect((await cache.get('k', slow))?.role).toBe('operator')
      await cache.get('k', slow) // one reload at a time
      expect(slow).toHaveBeenCalledTimes(1)
      release({ ...ALICE, role: 'reviewer' })
      await settle()
      vi.advanceTimersByTime(600) // past the first load's TTL, within the reload's first half: served as is
      expect((await cache.get('k', load))?.role).toBe('reviewer')
      expect(load).toHaveBeenCalledTimes(1)

      // A user change while a reload is in flight: the reload's (older) answer is not brought back.
      vi.advanceTimersByTime(1000) // second half of the reloaded entry's life
      const stale = vi.fn(() => new Promise<Principal>((r) => (release = r)))
      await cache.get('k', stale)
      cache.forgetUser('u1')
      release({ ...ALICE, role: 'reviewer' })
      await settle()
      const fresh = vi.fn(async () => ({ ...ALICE, role: 'viewer' as const }))
      expect((await cache.get('k', fresh))?.role).toBe('viewer')
      expect(fresh).toHaveBeenCalledTimes(1)
    } finally {
      vi.useRealTimers()
    }
  })
})
