/** Runs a batch of items and returns one result per item, in order. */
export type BatchRunner<T, R> = (items: T[]) => Promise<R[]>

interface Pending<T, R> {
  item: T
  resolve: (r: R) => void
  reject: (e: unknown) => void
}

/**
 * Group commit: concurrent callers `submit` items; they are written together by one `run` call (one
 * transaction), and each caller's promise settles with its own result after that call returns.
 *
 * A batch starts on the next turn of the event loop when idle (so requests parsed in the same I/O phase join),
 * or as soon as the previous batch finishes (so under load the batch grows to match the database's speed).
 * On an embedded single-connection store the win is fewer transactions and round trips per item.
 *
 * If a batch fails, each of its items is retried on its own, so one bad item (or a transient conflict)
 * fails only its own caller.
 */
export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = []
  private inFlight = 0
  private scheduled = false
  private readonly drains = new Set<Promise<void>>()

  /**
   * `maxInFlight`: batches written at once. More than one keeps the database busy while a batch's round
   * trips wait (each batch is its own transaction; the runner must be safe against a concurrent one).
   */
  constructor(
    private readonly run: BatchRunner<T, R>,
    private readonly maxBatch = 500,
    private readonly maxInFlight = 1,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject })
      this.kick()
    })
  }

  /** Resolves once everything submitted so far has been written (or has failed). */
  async idle(): Promise<void> {
    while (this.drains.size) await Promise.all(this.drains)
  }

  /** Starts a writer on the next turn of the event loop, unless one is about to start or enough are busy. */
  private kick() {
    if (this.scheduled || this.inFlight >= this.maxInFlight || !this.queue.length) return
    this.scheduled = true
    const drain = new Promise<void>((r) => setImmediate(r)).then(() => {
      this.scheduled = false
      return this.drain()
    })
    this.drains.add(drain)
    void drain.finally(() => this.drains.delete(drain))
  }

  private async drain() {
    this.inFlight++
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch)
        this.kick()
        await this.runBatch(batch)
      }
    } finally {
      this.inFlight--
    }
  }

  private async runBatch(batch: Pending<T, R>[]) {
    try {
      const results = await this.run(batch.map((p) => p.item))
      for (const [i, p] of batch.entries()) p.resolve(results[i])
    } catch (batchError) {
      if (batch.length === 1) return batch[0].reject(batchError)
      for (const p of batch) {
        try {
          p.resolve((await this.run([p.item]))[0])
        } catch (e) {
          p.reject(e)
        }
      }
    }
  }
}
