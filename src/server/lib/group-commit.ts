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
  private running: Promise<void> | null = null

  constructor(
    private readonly run: BatchRunner<T, R>,
    private readonly maxBatch = 500,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject })
      this.running ??= new Promise<void>((r) => setImmediate(r)).then(() => this.drain())
    })
  }

  /** Resolves once everything submitted so far has been written (or has failed). */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  private async drain() {
    try {
      while (this.queue.length) await this.runBatch(this.queue.splice(0, this.maxBatch))
    } finally {
      this.running = null
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
