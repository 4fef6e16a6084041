import { sql } from 'drizzle-orm'
import type { Tx } from '../db/client'

/** The durable tasks, by name; each is registered by the worker (job-worker.ts). */
export type TaskName =
  | 'patch-scan-schedule'
  | 'patch-scan-sweep'
  | 'patch-scan-host'
  | 'war-room-incident-change'
  | 'review-notification'
  | 'retention'
  | 'incident-page'
  | 'incident-escalate'
  | 'notification-delivery'
  | 'ticket-notification'
  | 'plan-run-advance'
  | 'plan-run-sweep'
  | 'approval-timeout'
  | 'execution-request-start'
  | 'schedule-fire'
  | 'bk-job-callback'

export interface AddJobOptions {
  /** Jobs of one queue run one at a time, in order (e.g. the changes of one incident). */
  queueName?: string
  /** Attempts before the job is given up (graphile-worker's default is 25). */
  maxAttempts?: number
  /** A job with the same key replaces the pending one instead of adding a second. */
  jobKey?: string
  /** Not before this time (a delayed job: escalation and approval timeouts, schedule fires); now when absent. */
  runAt?: Date
}

/**
 * Adds jobs to graphile-worker's queue inside the caller's transaction (`graphile_worker.add_job()`), so a
 * job exists exactly when the domain write that asked for it committed: nothing that must follow a commit
 * is lost in a crash between the commit and an in-process callback. Any replica's worker then runs it.
 */
export class JobQueue {
  async add(tx: Tx, task: TaskName, payload: Record<string, unknown>, opts: AddJobOptions = {}) {
    await tx.execute(sql`SELECT graphile_worker.add_job(
      ${task}::text,
      ${JSON.stringify(payload)}::json,
      queue_name => ${opts.queueName ?? null}::text,
      run_at => ${opts.runAt?.toISOString() ?? null}::timestamptz,
      max_attempts => ${opts.maxAttempts ?? null}::int,
      job_key => ${opts.jobKey ?? null}::text)`)
  }

  /**
   * Adds several jobs in one statement (`graphile_worker.add_jobs()`): a batch of alarms that opens hundreds of
   * incidents queues their jobs in one round trip instead of one per incident, inside the same transaction.
   */
  async addMany(tx: Tx, jobs: { task: TaskName; payload: Record<string, unknown>; opts?: AddJobOptions }[]) {
    if (!jobs.length) return
    if (jobs.length === 1) return this.add(tx, jobs[0]!.task, jobs[0]!.payload, jobs[0]!.opts)
    const specs = JSON.stringify(
      jobs.map(({ task, payload, opts = {} }) => ({
        identifier: task,
        payload,
        queue_name: opts.queueName ?? null,
        run_at: opts.runAt?.toISOString() ?? null,
        max_attempts: opts.maxAttempts ?? null,
        job_key: opts.jobKey ?? null,
      })),
    )
    await tx.execute(sql`SELECT count(*) FROM graphile_worker.add_jobs(
      array(SELECT json_populate_recordset(null::graphile_worker.job_spec, ${specs}::json)))`)
  }

  /** Removes a pending job by its key (a running one keeps running but is not retried). */
  async remove(tx: Tx, jobKey: string) {
    await tx.execute(sql`SELECT graphile_worker.remove_job(${jobKey}::text)`)
  }
}
