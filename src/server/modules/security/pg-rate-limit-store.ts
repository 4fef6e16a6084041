import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { SecurityRepository } from './security.repository'

interface Known {
  hits: number
  resetAtMs: number
}

/**
 * A `@fastify/rate-limit` store whose counts live in PostgreSQL (`api_rate_limits`), shared by every
 * replica. A database round trip per request would cost the list APIs their latency budget, so each
 * replica decides from the last totals it read plus its own hits since, and writes its hits in one
 * statement every `flushMs` (reading back the new totals of all replicas). The limit can therefore be
 * overshot by what the other replicas accept within one flush interval, never more.
 */
export function pgRateLimitStore(repo: SecurityRepository, windowMs: number, flushMs = 250) {
  const pending = new Map<string, number>()
  const known = new Map<string, Known>()
  let flushing: Promise<void> | undefined
  let flushes = 0

  const flush = async () => {
    if (flushing || pending.size === 0) return
    const batch = new Map(pending)
    pending.clear()
    flushing = (async () => {
      try {
        const totals = await repo.addApiHits(batch, windowMs)
        const now = Date.now()
        for (const [key, t] of totals) known.set(key, { hits: t.hits, resetAtMs: now + t.ttlMs })
        for (const [key, k] of known) if (k.resetAtMs <= now && !pending.has(key)) known.delete(key)
        if (++flushes % 240 === 0) await repo.purgeApiHits()
      } catch {
        // Put the hits back: a database hiccup must not reset anyone's count.
        for (const [key, n] of batch) pending.set(key, (pending.get(key) ?? 0) + n)
      } finally {
        flushing = undefined
      }
    })()
    await flushing
  }
  const timer = setInterval(() => void flush(), flushMs)
  timer.unref()

  class PgRateLimitStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void) {
      const now = Date.now()
      const k = known.get(key)
      const live = k && k.resetAtMs > now ? k : undefined
      const mine = (pending.get(key) ?? 0) + 1
      pending.set(key, mine)
      callback(null, { current: (live?.hits ?? 0) + mine, ttl: live ? live.resetAtMs - now : windowMs })
    }

    child() {
      return this
    }
  }

  return {
    Store: PgRateLimitStore as unknown as FastifyRateLimitStoreCtor,
    /** Writes what is pending (tests, shutdown) and waits for it. */
    flush: async () => {
      await flushing
      await flush()
    },
    stop: async () => {
      clearInterval(timer)
      await flushing
      await flush()
    },
  }
}
