import type { ExecutionsRepository } from './executions.repository'

interface Log {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
}

export interface LeaseOptions {
  /** How long a lease lasts without renewal: a dead replica's tickets are taken over after this. */
  ttlMs: number
  /** How often leases are renewed and free tickets claimed (a third of the TTL by default). */
  renewMs?: number
}

const CLAIM_BATCH = 50

/**
 * The leases of the tickets this replica drives. Every `renewMs` it renews its leases (a ticket missing from
 * the renewal was finished or taken over: `onLost`) and claims live tickets whose lease is free or expired
 * (`FOR UPDATE SKIP LOCKED`, so replicas never claim the same one: `onGained`).
 */
export class LeaseKeeper {
  private readonly owned = new Set<number>()
  private timer: NodeJS.Timeout | undefined
  private ticking: Promise<void> | undefined

  constructor(
    private readonly repo: ExecutionsRepository,
    private readonly owner: string,
    private readonly options: LeaseOptions,
    private readonly handlers: { onGained(orderId: number): void; onLost(orderId: number): void },
    private readonly log: Log,
  ) {}

  owns(orderId: number) {
    return this.owned.has(orderId)
  }

  start() {
    const every = this.options.renewMs ?? Math.max(100, Math.floor(this.options.ttlMs / 3))
    this.timer ??= setInterval(() => void this.tick(), every)
    this.timer.unref()
    return this.tick()
  }

  /** One renewal and claim pass (runs one at a time). */
  tick(): Promise<void> {
    this.ticking ??= this.pass()
      .catch((err) => this.log.warn({ err }, 'ticket lease pass failed'))
      .finally(() => {
        this.ticking = undefined
      })
    return this.ticking
  }

  private async pass() {
    if (this.owned.size) {
      const kept = new Set(await this.repo.renewLeases(this.owner, this.options.ttlMs))
      for (const id of [...this.owned]) {
        if (kept.has(id)) continue
        this.owned.delete(id)
        this.handlers.onLost(id)
      }
    }
    for (const id of await this.repo.claimLeases(this.owner, this.options.ttlMs, CLAIM_BATCH, [...this.owned])) {
      if (this.owned.has(id)) continue
      this.owned.add(id)
      this.log.info({ orderId: id, replica: this.owner }, 'ticket lease taken')
      this.handlers.onGained(id)
    }
  }

  /** Claims one ticket now (a new ticket, or one an operator touched while its lease had expired). */
  async claim(orderId: number): Promise<boolean> {
    if (!(await this.repo.claimLease(orderId, this.owner, this.options.ttlMs))) return false
    this.owned.add(orderId)
    return true
  }

  /** The ticket reached its end: nothing to renew. */
  forget(orderId: number) {
    this.owned.delete(orderId)
  }

  /** Stops renewing and frees the leases so another replica takes the tickets over without waiting. */
  async stop() {
    clearInterval(this.timer)
    this.timer = undefined
    await this.ticking
    const ids = [...this.owned]
    this.owned.clear()
    await this.repo
      .releaseLeases(this.owner, ids)
      .catch((err) =>
        this.log.warn({ err, orderIds: ids, replica: this.owner }, 'ticket leases not released at stop (they expire)'),
      )
  }
}
