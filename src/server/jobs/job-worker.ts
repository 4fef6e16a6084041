import { EventEmitter } from 'node:events'
import { type CronItem, parseCronItems, type Runner, run, type TaskList, type WorkerEvents } from 'graphile-worker'
import type { Config } from '../config'
import type { DbHandle } from '../db/client'
import { runScheduledScans } from '../modules/patches/patch-schedule'
import type { ScanHostJob } from '../modules/patches/scans.service'
import { deliverCallback } from '../modules/bk-job/bk-callbacks'
import type { Services } from '../services'
import { type JobLog, jobLogger } from './job-logger'
import type { TaskName } from './job-queue'
import { WorkerLiveness } from './worker-liveness'
import { REPLICA_ID } from '../lib/replica-id'

type Payload = Record<string, unknown>

/** Every durable task: what a job of that name does on whichever replica's worker takes it. */
export function jobTasks(
  s: Services,
  log: JobLog,
): Record<TaskName, (payload: Payload, attempt: number, max: number) => Promise<void>> {
  return {
    'patch-scan-schedule': () => runScheduledScans({ scans: s.patchScans, tenants: s.users, log }),
    'patch-scan-sweep': async () => {
      for (const o of await s.patchScans.closeStuck(s.config.patchScanStuckMin))
        log.warn({ order: o.id, tenant: o.tenantId }, 'patch scan order closed: no progress (replica stopped?)')
    },
    'patch-scan-host': (p) => s.patchScans.scanHost(p as unknown as ScanHostJob),
    'war-room-incident-change': async (p) => {
      const incident = await s.incidents.rowById(Number(p.incidentId))
      if (!incident) return
      await s.warRooms.onIncidentChange({
        incident,
        action: String(p.action),
        from: (p.from ?? null) as never,
        to: p.to as never,
      })
    },
    'review-notification': (p, attempt, max) => s.reviewDeliveries.run(String(p.deliveryId), attempt, max),
    'incident-page': (p) => s.paging.start(Number(p.incidentId)),
    'incident-escalate': (p) => s.paging.escalate(String(p.pageId), Number(p.step)),
    'notification-delivery': (p, attempt, max) => s.notifier.run(String(p.deliveryId), attempt, max),
    'ticket-notification': (p) => s.ticketSubscriptions.run(Number(p.orderId), p.status as never),
    retention: async () => {
      await s.retention.purge()
    },
    'plan-run-advance': (p) => s.planRuns.advance(String(p.runId)),
    'plan-run-sweep': () => s.planRuns.sweep(),
    'approval-timeout': (p) => s.approvals.expire(String(p.approvalId)),
    'execution-request-start': (p) => s.executionRequests.start(String(p.requestId)),
    'schedule-fire': (p) =>
      s.planSchedules.fire({
        scheduleId: String(p.scheduleId),
        generation: Number(p.generation),
        slot: String(p.slot),
      }),
    'bk-job-callback': (p, attempt, max) =>
      deliverCallback(
        { repo: s.bkJobRepo, executions: s.executions, plans: s.bkPlanInstances, log },
        Number(p.orderId),
        attempt,
        max,
      ),
  }
}

/** The cron schedule: graphile-worker records each slot in `known_crontabs`, so one replica runs it, once. */
export function cronItems(config: Config): CronItem[] {
  const items: CronItem[] = [
    // Orders stuck by a dead replica are closed within a few minutes of passing PATCH_SCAN_STUCK_MIN.
    { task: 'patch-scan-sweep', match: '*/5 * * * *', identifier: 'patch-scan-sweep' },
    // Plan runs whose step ended while no job was added (belt and braces; the ticket's end adds one).
    { task: 'plan-run-sweep', match: '* * * * *', identifier: 'plan-run-sweep' },
  ]
  if (config.patchScanCron)
    items.push({
      task: 'patch-scan-schedule',
      match: config.patchScanCron,
      identifier: 'patch-scan-schedule',
      options: { backfillPeriod: config.patchScanBackfillMin * 60_000, maxAttempts: 1 },
    })
  if (config.retention.cron)
    items.push({
      task: 'retention',
      match: config.retention.cron,
      identifier: 'retention',
      options: { maxAttempts: 3 },
    })
  return items
}

export interface JobWorker {
  /** graphile-worker's events (job:success, job:failed, cron:backfill …): tests and metrics listen here. */
  events: WorkerEvents
  stop(): Promise<void>
}

/**
 * Starts this replica's worker (every replica runs one) on the app's pool: it takes jobs as they are added
 * (LISTEN/NOTIFY) and runs the cron schedule. Its workers beat in `job_workers` (WorkerLiveness), so what a
 * killed replica was running is taken by another within JOB_WORKER_DEAD_SEC.
 */
export async function startJobWorker(opts: {
  handle: DbHandle
  services: Services
  config: Config
  log: JobLog
}): Promise<JobWorker> {
  const tasks = jobTasks(opts.services, opts.log)
  const taskList: TaskList = {}
  for (const [name, fn] of Object.entries(tasks))
    taskList[name] = (payload, helpers) =>
      fn((payload ?? {}) as Payload, helpers.job.attempts, helpers.job.max_attempts)
  const events: WorkerEvents = new EventEmitter()
  const deadAfterMs = opts.config.jobWorkerDeadSec * 1000
  const liveness = new WorkerLiveness(
    opts.handle.db,
    REPLICA_ID,
    { beatMs: Math.max(1000, deadAfterMs / 3), deadAfterMs },
    opts.log,
  )
  events.on('worker:create', ({ worker }) => liveness.add(worker.workerId))
  liveness.start()
  const runner: Runner = await run({
    pgPool: opts.handle.pool,
    taskList,
    parsedCronItems: parseCronItems(cronItems(opts.config)),
    concurrency: opts.config.jobConcurrency,
    // The app owns signals and shuts the worker down from app.close().
    noHandleSignals: true,
    pollInterval: 1000,
    logger: jobLogger(opts.log),
    events,
  })
  return {
    events,
    stop: async () => {
      await runner.stop()
      await liveness.stop()
    },
  }
}
