import type { Db, Tx } from '../../db/client'
import type { AlarmInboxRepository, InboxRow } from './alarm-inbox.repository'
import type { AlarmItem } from './store-alarms'

interface Log {
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

/** A row that failed on its own is tried again this much later (FOLD_ATTEMPTS times in all). */
const FAILED_RETRY_MS = 250

export interface FolderOptions {
  /** Most rows one fold takes; under a storm the inbox grows while a fold runs and the next takes that much. */
  batch?: number
  /** When another replica's folder holds the lock: look again this much later (it may stop before our rows). */
  retryMs?: number
  /** Least time from the end of one fold to the start of the next on this replica. */
  gapMs?: number
  /** Every replica looks at the inbox this often (rows a dead replica accepted, or left by a failed fold). */
  sweepMs?: number
}

/**
 * Folds accepted webhook calls (alarm_inbox) into alarms and incidents. The webhook answers once its call is
 * durable in the inbox and kicks the folder; the folder loops while there is work, one transaction per batch:
 * the advisory lock (one folder across replicas, so alarms are folded in arrival order), claim-and-delete the
 * oldest rows, `fold` them, commit. A replica that dies mid-fold rolls its transaction back: the rows stay and
 * another replica's sweep folds them. A batch that fails is folded row by row; a row that fails on its own
 * counts an attempt and, after FOLD_ATTEMPTS, stays in the inbox with its error (logged) instead of blocking.
 */
export class AlarmFolder<C> {
  private running: Promise<void> | undefined
  private again = false
  private retry: NodeJS.Timeout | undefined
  private sweep: NodeJS.Timeout | undefined
  private stopped = false
  private readonly batch: number
  private readonly retryMs: number
  private readonly gapMs: number
  private lastFoldEnd = 0

  constructor(
    private readonly db: Db,
    private readonly repo: AlarmInboxRepository,
    /** Writes the items in `tx`; what it returns goes to `afterCommit` once the transaction committed. */
    private readonly fold: (tx: Tx, items: AlarmItem[]) => Promise<C>,
    private readonly afterCommit: (result: C) => void,
    private readonly log: Log,
    private readonly options: FolderOptions = {},
  ) {
    this.batch = options.batch ?? 2000
    this.retryMs = options.retryMs ?? 50
    this.gapMs = options.gapMs ?? 50
  }

  start() {
    this.sweep ??= setInterval(() => this.kick(), this.options.sweepMs ?? 2000)
    this.sweep.unref()
    this.kick()
  }

  /**
   * There may be rows to fold: fold them now, or right after the fold that is running, but not sooner than
   * `gapMs` after the last fold ended: under a storm the rows of many appends go in one fold, whose statements
   * cost the same for 30 rows or 1,000 (an alarm still folds within ~gapMs of its answer).
   */
  kick() {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    const wait = this.lastFoldEnd + this.gapMs - Date.now()
    if (wait > 0) return this.retryIn(wait)
    this.running = this.loop()
      .catch((err) => this.log.warn({ err }, 'alarm fold failed; the rows stay in the inbox'))
      .finally(() => {
        this.running = undefined
        this.lastFoldEnd = Date.now()
        if (this.again) {
          this.again = false
          this.kick()
        }
      })
  }

  /** Resolves once this replica has nothing left to fold (tests, shutdown). */
  async idle() {
    while (this.running || this.retry) await (this.running ?? new Promise((r) => setTimeout(r, this.retryMs)))
  }

  async stop() {
    this.stopped = true
    clearInterval(this.sweep)
    clearTimeout(this.retry)
    this.retry = undefined
    await this.running
  }

  private async loop() {
    for (;;) {
      const folded = await this.pass()
      // Another replica folds (it may stop before our rows committed), or a row failed: look again shortly.
      if (folded === 'busy') return this.retryIn(this.retryMs)
      if (folded === 'failed') return this.retryIn(FAILED_RETRY_MS)
      if (folded < this.batch) return
    }
  }

  private retryIn(ms: number) {
    this.retry ??= setTimeout(() => {
      this.retry = undefined
      this.kick()
    }, ms)
  }

  /** One batch: how many rows it folded, 'busy' when another replica holds the lock, 'failed' if a row failed. */
  private async pass(): Promise<number | 'busy' | 'failed'> {
    let claimed: InboxRow[] = []
    let result: C | undefined
    try {
      const folded = await this.db.transaction(async (tx) => {
        if (!(await this.repo.tryLock(tx))) return 'busy' as const
        claimed = await this.repo.claim(tx, this.batch)
        if (claimed.length)
          result = await this.fold(
            tx,
            claimed.map((r) => r.item),
          )
        return claimed.length
      })
      if (result !== undefined) this.afterCommit(result)
      return folded
    } catch (err) {
      if (!claimed.length) throw err
      if (claimed.length > 1)
        this.log.warn({ err, rows: claimed.length }, 'alarm fold of a batch failed; folding its rows one by one')
      let ok = true
      for (const row of claimed) ok = (await this.foldOne(row.id)) && ok
      return ok ? claimed.length : 'failed'
    }
  }

  /** Folds one row on its own; false (and an attempt counted) when it fails. */
  private async foldOne(id: number): Promise<boolean> {
    let result: C | undefined
    try {
      await this.db.transaction(async (tx) => {
        // Waits for the lock (the rare path): another replica's fold may have started meanwhile.
        await this.repo.lock(tx)
        const [row] = await this.repo.claim(tx, 1, id)
        if (row) result = await this.fold(tx, [row.item])
      })
      if (result !== undefined) this.afterCommit(result)
      return true
    } catch (err) {
      this.log.error({ err, inboxId: id }, 'alarm fold of one inbox row failed; it stays in the inbox')
      await this.repo
        .markFailed(id, err instanceof Error ? err.message : String(err))
        .catch((e) => this.log.warn({ err: e, inboxId: id }, 'alarm inbox attempt count not written'))
      return false
    }
  }
}
