import type { PgBus } from '../../lib/pg-bus'
import type { Principal } from '../../lib/principal'

/** Every replica drops the principals a change made stale (logout, user changed) when it hears this. */
const FORGET_CHANNEL = 'oc_principal_forget'
type Forget = { sessionId: string } | { userId: string }

/** How long a resolved session or IAM token is trusted without reading the database again. */
export const PRINCIPAL_CACHE_MS = 2000

/**
 * Principals of session cookies and IAM tokens (keyed by the secret's SHA-256), kept for at most
 * PRINCIPAL_CACHE_MS so a page of list calls does not join sessions × users × tenants once per request.
 * Concurrent misses for one key share one load. Only hits are kept: an unknown token is read every time.
 * This process drops entries at once on logout and on user changes (password, role, disable); with a bus,
 * every other replica drops them when the NOTIFY arrives (milliseconds), and the TTL bounds what a lost
 * notification could leave behind.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>()

  constructor(
    private readonly ttlMs = PRINCIPAL_CACHE_MS,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: string, load: () => Promise<Principal | null>): Promise<Principal | null> {
    const now = Date.now()
    const hit = this.entries.get(key)
    if (hit && hit.until > now) {
      if (hit.resolved && !hit.refreshing && now >= hit.until - this.ttlMs / 2) this.refresh(key, hit, load)
      return copy(await hit.principal)
    }
    if (this.entries.size >= this.maxEntries) this.sweep(now)
    const entry: Entry = { principal: load(), until: now + this.ttlMs }
    this.entries.set(key, entry)
    try {
      const p = await entry.principal
      entry.resolved = p
      if (!p && this.entries.get(key) === entry) this.entries.delete(key)
      return copy(p)
    } catch (err) {
      if (this.entries.get(key) === entry) this.entries.delete(key)
      throw err
    }
  }

  /**
   * Refresh ahead: in the second half of an entry's life, the next request reloads it in the background and is
   * served the entry meanwhile. Under steady traffic an entry is replaced before it expires, so requests never
   * queue behind a reload that itself waits for a busy pool (which was a stall of every request each TTL). The
   * served principal is still never older than the TTL; an entry forgotten meanwhile is not brought back.
   */
  private refresh(key: string, hit: Entry, load: () => Promise<Principal | null>) {
    hit.refreshing = true
    const next: Entry = { principal: load(), until: Date.now() + this.ttlMs }
    next.principal.then(
      (p) => {
        if (this.entries.get(key) !== hit) return
        if (!p) return void this.entries.delete(key)
        next.resolved = p
        this.entries.set(key, next)
      },
      // A failed reload leaves the entry to expire; the request after that loads (and reports) again.
      () => {},
    )
  }

  private bus?: PgBus

  /** Shares invalidations with the other replicas through PostgreSQL. */
  attach(bus: PgBus) {
    this.bus = bus
    bus.subscribe(FORGET_CHANNEL, (m) => this.apply(m as Forget))
  }

  /** Drops the principals of one console session (logout), here and on every replica. */
  forgetSession(sessionId: string) {
    this.announce({ sessionId })
  }

  /** Drops every principal of a user (password, role or disabled changed; sessions deleted), everywhere. */
  forgetUser(userId: string) {
    this.announce({ userId })
  }

  private announce(change: Forget) {
    this.apply(change) // at once here: the caller's next request must not see the old state
    this.bus?.publish(FORGET_CHANNEL, change)
  }

  private apply(change: Forget) {
    if ('sessionId' in change) this.forget((p) => p.sessionId === change.sessionId)
    else this.forget((p) => p.userId === change.userId)
  }

  private forget(match: (p: Principal) => boolean) {
    for (const [key, e] of this.entries) {
      // A load still in flight when the change committed may carry the old state: it goes too.
      if (e.resolved === undefined || (e.resolved && match(e.resolved))) this.entries.delete(key)
    }
  }

  private sweep(now: number) {
    for (const [key, e] of this.entries) if (e.until <= now) this.entries.delete(key)
    // Still full (a burst of distinct tokens): start over rather than grow without bound.
    if (this.entries.size >= this.maxEntries) this.entries.clear()
  }
}

interface Entry {
  principal: Promise<Principal | null>
  /** Set once the load settled. */
  resolved?: Principal | null
  until: number
  /** A reload of this entry is in flight (refresh ahead). */
  refreshing?: boolean
}

/** Callers get their own object: one request's changes (none are expected) must not leak into the next. */
const copy = (p: Principal | null) => (p ? { ...p } : null)
