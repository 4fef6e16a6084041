import { inArray, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { jobWorkers } from '../db/schema'

interface Log {
  warn(obj: object, msg: string): void
}

/**
 * Liveness of the job-queue workers across replicas. Each replica beats for its workers every `beatMs`; any
 * replica that sees a beat older than `deadAfterMs` forgets those workers and unlocks what they held
 * (`graphile_worker.force_unlock_workers`), so another replica's worker runs the job again at once: a replica
 * killed mid-job (war-room auto-open, paging, a host's patch scan) delays that work by seconds, not by the
 * queue's 4-hour stale-lock window. Jobs are written to be run again (they check what is done).
 */
export class WorkerLiveness {
  private readonly workers = new Set<string>()
  private timer: NodeJS.Timeout | undefined
  private beating: Promise<void> = Promise.resolve()

  constructor(
    private readonly db: Db,
    private readonly replicaId: string,
    private readonly opts: { beatMs: number; deadAfterMs: number },
    private readonly log: Log,
  ) {}

  /** A worker of this replica (graphile-worker's `worker:create`), recorded at once. */
  add(workerId: string) {
    this.workers.add(workerId)
    this.beating = this.beating.then(() => this.beat())
  }

  start() {
    this.timer = setInterval(() => {
      this.beating = this.beating
        .then(() => this.beat())
        .then(async () => {
          await this.sweep()
        })
    }, this.opts.beatMs)
    this.timer.unref()
  }

  /** Records this replica's workers as alive now (re-adding them if a slow beat had them forgotten). */
  async beat() {
    if (!this.workers.size) return
    try {
      await this.db
        .insert(jobWorkers)
        .values([...this.workers].map((workerId) => ({ workerId, replicaId: this.replicaId })))
        .onConflictDoUpdate({ target: jobWorkers.workerId, set: { beatAt: sql`now()` } })
    } catch (err) {
      this.log.warn({ err }, 'job worker heartbeat failed')
    }
  }

  /** Forgets workers whose replica stopped beating and unlocks their jobs; returns their ids. */
  async sweep(): Promise<string[]> {
    try {
      const dead = await this.db.transaction(async (tx) => {
        const gone = await tx
          .delete(jobWorkers)
          .where(sql`${jobWorkers.beatAt} < now() - make_interval(secs => ${this.opts.deadAfterMs / 1000})`)
          .returning({ id: jobWorkers.workerId, replica: jobWorkers.replicaId })
        if (gone.length)
          await tx.execute(
            sql`SELECT graphile_worker.force_unlock_workers(
              array(SELECT json_array_elements_text(${JSON.stringify(gone.map((g) => g.id))}::json)))`,
          )
        return gone
      })
      if (dead.length)
        this.log.warn(
          { replicas: [...new Set(dead.map((d) => d.replica))], workers: dead.length },
          'job workers of a replica that stopped beating: their jobs are unlocked for the other replicas',
        )
      return dead.map((d) => d.id)
    } catch (err) {
      this.log.warn({ err }, 'sweeping dead job workers failed')
      return []
    }
  }

  /** This replica stops (gracefully): its workers are forgotten at once. */
  async stop() {
    clearInterval(this.timer)
    await this.beating
    if (this.workers.size)
      await this.db
        .delete(jobWorkers)
        .where(inArray(jobWorkers.workerId, [...this.workers]))
        // A database already gone: the rows age out and another replica sweeps them.
        .catch(() => {})
  }
}

/** Replicas whose job workers beat (the sweep forgets those that stopped), each with its latest beat. */
export async function replicaBeats(db: Db): Promise<{ replicaId: string; beatAt: Date }[]> {
  return db
    .select({
      replicaId: jobWorkers.replicaId,
      beatAt: sql<Date>`max(${jobWorkers.beatAt})`.mapWith((v) => new Date(v)),
    })
    .from(jobWorkers)
    .groupBy(jobWorkers.replicaId)
    .orderBy(jobWorkers.replicaId)
}
