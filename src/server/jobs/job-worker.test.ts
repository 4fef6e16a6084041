import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildApp, type App } from '../app'
import type { Config } from '../config'
import { Keyring } from '../lib/keyring'
import { OLD_SECURITY_UPDATE, scanOf, target } from '../modules/patches/patches.test-fixtures'
import { ADMIN } from '../testing/test-app'
import { testReplicaDbs } from '../testing/test-replicas'
import { type JobWorker, startJobWorker } from './job-worker'

const QUIET = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} }
const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

/** `n` replicas (apps with their own pools) on one database; workers are started by the test. */
async function replicas(n: number, config: Partial<Config>) {
  const { handles, close } = await testReplicaDbs(n)
  cleanup.push(close)
  const keyring = new Keyring(randomBytes(32))
  const apps: App[] = []
  // One after another: two first starts racing on the bootstrap is not what this file tests.
  for (const db of handles) {
    const app = await buildApp({
      db,
      keyring,
      config: { adminBootstrap: `${ADMIN.username}:${ADMIN.password}`, staticDir: undefined, ...config },
      print: () => {},
    })
    cleanup.push(() => app.close())
    apps.push(app)
  }
  return { apps, db: handles[0] }
}

describe('job queue across replicas', () => {
  it('two replicas, one patch scan schedule: every slot runs once, not once per replica', async () => {
    const r = await replicas(2, {
      jobWorker: false,
      patchScanCron: '* * * * *',
      // Backfill makes the race immediate: both replicas start with the same three missed one-minute slots.
      patchScanBackfillMin: 3,
    })
    const { apps, db } = r
    // The schedule has been known for an hour and last ran an hour ago: three slots fall in the backfill window.
    await db.query(
      `INSERT INTO graphile_worker._private_known_crontabs (identifier, known_since, last_execution)
       VALUES ('patch-scan-schedule', now() - interval '1 hour', now() - interval '1 hour')`,
    )
    for (const app of apps)
      app.services.patchScans.setRunner({
        targets: async () => [target(1)],
        scan: async () => scanOf([{}, OLD_SECURITY_UPDATE]),
      })
    const ran: { replica: number; slot: string }[] = []
    const backfilled: number[] = []
    const workers = await Promise.all(
      apps.map(async (app, replica) => {
        const w = (await startJobWorker({
          handle: app.services.handle,
          services: app.services,
          config: app.services.config,
          log: QUIET,
        }))!
        w.events.on('job:success', ({ job }) => {
          if (job.task_identifier === 'patch-scan-schedule')
            ran.push({ replica, slot: (job.payload as { _cron: { ts: string } })._cron.ts })
        })
        w.events.on('cron:backfill', () => backfilled.push(replica))
        return w
      }),
    )
    cleanup.push(() => Promise.all(workers.map((w: JobWorker) => w.stop())).then(() => {}))
    const slots = () =>
      db.query<{ n: number }>(`SELECT count(*)::int AS n FROM patch_scan_orders WHERE trigger = 'schedule'`)
    await vi.waitFor(async () => expect((await slots())[0].n).toBeGreaterThanOrEqual(3), {
      timeout: 30_000,
      interval: 200,
    })
    // Let any duplicate the other replica might have scheduled surface before counting.
    await new Promise((r) => setTimeout(r, 2500))
    await Promise.all(apps.map((a) => a.services.patchScans.idle()))
    const distinct = new Set(ran.map((r) => r.slot))
    expect(ran.length).toBe(distinct.size)
    expect((await slots())[0].n).toBe(ran.length)
    expect(ran.length).toBeGreaterThanOrEqual(3)
    expect(ran.length).toBeLessThanOrEqual(4) // the replicas' start times may straddle a minute
    // Both replicas tried to schedule the slots; the known_crontabs claim let one through per slot.
    expect(new Set(backfilled)).toEqual(new Set([0, 1]))
    const [known] = await db.query<{ last: Date }>(
      `SELECT last_execution AS last FROM graphile_worker._private_known_crontabs WHERE identifier = 'patch-scan-schedule'`,
    )
    expect(Date.now() - new Date(known.last).getTime()).toBeLessThan(90_000)
  }, 60_000)

  it('every replica runs a worker; app.close() stops it, and no job is taken after', async () => {
    const r = await replicas(2, { patchScanCron: undefined, retention: { ...off(), cron: undefined } })
    const { apps, db } = r
    for (const app of apps) expect(app.jobWorker).toBeDefined()
    // A job each replica could run: the sweeper (nothing stuck, so it just completes).
    await db.query(`SELECT graphile_worker.add_job('patch-scan-sweep', '{}'::json)`)
    await vi.waitFor(async () => expect(await pending(db)).toBe(0), { timeout: 15_000, interval: 100 })
    for (const app of apps) await app.close()
    await db.query(`SELECT graphile_worker.add_job('patch-scan-sweep', '{}'::json)`)
    await new Promise((r) => setTimeout(r, 2000))
    expect(await pending(db)).toBe(1)
    const [{ locked }] = await db.query<{ locked: number }>(
      'SELECT count(*)::int AS locked FROM graphile_worker._private_jobs WHERE locked_at IS NOT NULL',
    )
    expect(locked).toBe(0)
  }, 60_000)

  it('a job (and its named queue) held by a replica that stopped beating is run by a live replica within seconds', async () => {
    const r = await replicas(1, {
      jobWorkerDeadSec: 3,
      patchScanCron: undefined,
      retention: { ...off(), cron: undefined },
    })
    const { apps, db } = r
    await vi.waitFor(
      async () => {
        const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM job_workers')
        expect(n).toBeGreaterThan(0)
      },
      { timeout: 10_000 },
    )
    // What a replica killed with -9 while running two jobs leaves behind: its workers' rows, beating no more,
    // and its locks on the jobs and on the named queue of one of them.
    await db.query(`BEGIN;
      INSERT INTO job_workers (worker_id, replica_id, beat_at) VALUES ('worker-dead', 'dead', now());
      SELECT graphile_worker.add_job('patch-scan-sweep', '{}'::json);
      SELECT graphile_worker.add_job('patch-scan-sweep', '{}'::json, queue_name => 'war-rooms');
      UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = 'worker-dead';
      UPDATE graphile_worker._private_job_queues SET locked_at = now(), locked_by = 'worker-dead';
      COMMIT`)
    // Locked jobs wait while their worker's replica beats (here: it did a moment ago) ...
    await new Promise((r) => setTimeout(r, 1000))
    expect(await pending(db)).toBe(2)
    // ... and are run by the live replica once that beat is older than JOB_WORKER_DEAD_SEC.
    await vi.waitFor(async () => expect(await pending(db)).toBe(0), { timeout: 15_000, interval: 200 })
    const workers = await db.query<{ replica_id: string }>('SELECT replica_id FROM job_workers')
    expect(workers.map((w) => w.replica_id)).not.toContain('dead')
    expect(workers.length).toBeGreaterThan(0)
    await apps[0].close()
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM job_workers')
    expect(n).toBe(0)
  }, 60_000)
})

function off() {
  return { ticketLogDays: 0, alarmDays: 0, auditDays: 0, inboxDays: 0, batchSize: 100 }
}

async function pending(db: { query: <T>(s: string) => Promise<T[]> }) {
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM graphile_worker._private_jobs')
  return n
}
