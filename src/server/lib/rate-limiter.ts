/**
 * Fixed-window failure counter for login attempts, per key (username + client IP). In memory: with several
 * replicas each keeps its own count, which still bounds guessing to replicas × limit per window.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>()

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now = () => Date.now(),
  ) {}

  /** Seconds to wait when the key is locked out, else 0. */
  blockedFor(key: string): number {
    const entry = this.hits.get(key)
    if (!entry || entry.resetAt <= this.now()) return 0
    return entry.count >= this.limit ? Math.ceil((entry.resetAt - this.now()) / 1000) : 0
  }

  fail(key: string): void {
    const t = this.now()
    const entry = this.hits.get(key)
    if (!entry || entry.resetAt <= t) this.hits.set(key, { count: 1, resetAt: t + this.windowMs })
    else entry.count += 1
    if (this.hits.size > 10_000) this.sweep(t)
  }

  reset(key: string): void {
    this.hits.delete(key)
  }

  private sweep(t: number) {
    for (const [k, v] of this.hits) if (v.resetAt <= t) this.hits.delete(k)
  }
}
