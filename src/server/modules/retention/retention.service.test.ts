import { describe, expect, it, vi } from 'vitest'
import type { App } from '../../app'
import { testApp } from '../../testing/test-app'
import { RetentionService } from './retention.service'

/** The app's own purge steps, each owned by its module, run under the test's policy. */
const targets = (app: App) => app.services.retention.targets

const QUIET = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} }
const POLICY = { ticketLogDays: 90, alarmDays: 180, auditDays: 365, inboxDays: 90, batchSize: 2 }

/** Five rows past each period and a few young ones, in every table retention touches. */
async function seed(app: App) {
  const q = app.services.handle.query.bind(app.services.handle)
  const [{ tenant }] = await q<{ tenant: string }>(`SELECT id AS tenant FROM tenants WHERE name = 'default'`)
  const [{ user }] = await q<{ user: string }>(`SELECT id AS user FROM users WHERE username = 'operator'`)
  const order = async (n: number, finishedDaysAgo: number | null, hosts: number) => {
    const [{ id }] = await q<{ id: number }>(
      `INSERT INTO execution_orders (uuid, tenant_id, script_uuid, script_name, script_type, script_revision,
         script_version, risk_level, content, execute_user, timeout_sec, success_rate, status, creator_name,
         created_at, finished_at)
       VALUES ($1, $2, 's', 's', 'SHELL', 1, '1', 'LOW', 'echo', 'root', 60, 100, $3, 'operator',
         now() - interval '400 days', CASE WHEN $4::int IS NULL THEN NULL ELSE now() - make_interval(days => $4::int) END)
       RETURNING id`,
      [`SCT-${n}`, tenant, finishedDaysAgo === null ? 'PROCESSING' : 'FINISHED', finishedDaysAgo],
    )
    for (let h = 0; h < hosts; h++)
      await q(
        `INSERT INTO execution_instances (order_id, batch_index, resource_id, agent_sn, host_name, status, log)
         VALUES ($1, 1, $2, $2, $2, 'FINISHED', 'line 1\nline 2\n')`,
        [id, `h${n}-${h}`],
      )
  }
  await order(1, 100, 3) // old: logs go
  await order(2, 95, 2) // old: logs go
  await order(3, 10, 2) // young
  await order(4, null, 1) // still running (created long ago): its log is live and stays
  for (let i = 0; i < 7; i++) {
    const lastDaysAgo = i < 5 ? 200 : 1
    await q(
      `INSERT INTO alarms (tenant_id, alarm_id, integration_key_id, name, level, status, source, namespace,
         application_id, description, occurred_at, first_at, last_at)
       VALUES ($1, $2, 'k', 'cpu', 'Critical', 'alarm', 'src', 'ns', 'app', 'd', now() - interval '300 days',
         now() - interval '300 days', now() - make_interval(days => $3::int))`,
      [tenant, `a-${i}`, lastDaysAgo],
    )
  }
  for (let i = 0; i < 5; i++) {
    await q(
      `INSERT INTO audit_log (tenant_id, actor_name, action, target_type, at) VALUES ($1, 'x', 'old', 't', now() - interval '400 days')`,
      [tenant],
    )
    await q(
      `INSERT INTO inbox_messages (tenant_id, recipient_id, kind, title, created_at) VALUES ($1, $2, 'old', 'old', now() - interval '100 days')`,
      [tenant, user],
    )
  }
  await q(`INSERT INTO inbox_messages (tenant_id, recipient_id, kind, title) VALUES ($1, $2, 'young', 'young')`, [
    tenant,
    user,
  ])
  for (const days of [100, 1])
    await q(
      `INSERT INTO notification_deliveries (tenant_id, kind, channel, recipient, subject, sealed_body, target_type,
         target_id, created_at) VALUES ($1, 'k', 'EMAIL', 'r', 's', 'x', 'script', 's', now() - make_interval(days => $2::int))`,
      [tenant, days],
    )
  // Upload bytes: three old chunks no file owns (an upload whose replica died), a young one (an upload going
  // on), and an old one of a real file.
  const chunk = (key: string, seq: number, daysAgo: number) =>
    q(
      `INSERT INTO stored_file_chunks (storage_key, seq, data, created_at)
       VALUES ($1, $2, '\\x00'::bytea, now() - make_interval(days => $3::int))`,
      [key, seq, daysAgo],
    )
  for (let seq = 0; seq < 3; seq++) await chunk('ab/abandoned', seq, 2)
  await chunk('yo/uploading', 0, 0)
  await q(
    `INSERT INTO stored_files (tenant_id, name, size, sha256, storage_key, created_by)
     VALUES ($1, 'kept.bin', 1, 'x', 'ke/kept', 'operator')`,
    [tenant],
  )
  await chunk('ke/kept', 0, 30)
}

async function counts(app: App) {
  const [row] = await app.services.handle.query<Record<string, number>>(`SELECT
    (SELECT count(*)::int FROM execution_instances WHERE log <> '') AS logs,
    (SELECT count(*)::int FROM execution_instances WHERE log_purged_at IS NOT NULL) AS purged_logs,
    (SELECT count(*)::int FROM execution_instances) AS instances,
    (SELECT count(*)::int FROM alarms) AS alarms,
    (SELECT count(*)::int FROM audit_log WHERE action = 'old') AS old_audit,
    (SELECT count(*)::int FROM audit_log) AS audit,
    (SELECT count(*)::int FROM inbox_messages WHERE kind = 'old') AS old_inbox,
    (SELECT count(*)::int FROM inbox_messages WHERE kind = 'young') AS young_inbox,
    (SELECT count(*)::int FROM stored_file_chunks) AS chunks,
    (SELECT count(*)::int FROM notification_deliveries) AS deliveries`)
  return row
}

describe('retention', () => {
  it('purges what is past its period in batches and keeps what is young', async () => {
    const app = await testApp()
    await seed(app)
    const before = await counts(app)
    const service = new RetentionService(targets(app), POLICY, QUIET)
    const result = await service.purge()
    expect(result).toEqual({
      ticketLogs: { purged: 5, batches: 3 },
      alarms: { purged: 5, batches: 3 },
      audit: { purged: 5, batches: 3 },
      inbox: { purged: 5, batches: 3 },
      notificationDeliveries: { purged: 1, batches: 1 },
      abandonedUploads: { purged: 3, batches: 2 },
    })
    const after = await counts(app)
    expect(after).toEqual({
      ...before,
      logs: 3, // order 3's two hosts and the running order's host
      purged_logs: 5,
      instances: 8, // ticket records stay; only their logs went
      alarms: 2,
      old_audit: 0,
      audit: before.audit - 5,
      old_inbox: 0,
      young_inbox: 1,
      deliveries: 1,
      chunks: 2, // the young upload's and the kept file's
    })
    // Nothing left to do: a second run purges nothing.
    expect(Object.values(await service.purge()).every((t) => t.purged === 0)).toBe(true)
  }, 60_000)

  it('keeps a kind forever when its period is 0', async () => {
    const app = await testApp()
    await seed(app)
    const service = new RetentionService(targets(app), { ...POLICY, alarmDays: 0, auditDays: 0 }, QUIET)
    const result = await service.purge()
    expect(result.alarms).toEqual({ purged: 0, batches: 0 })
    expect(result.audit).toEqual({ purged: 0, batches: 0 })
    expect((await counts(app)).alarms).toBe(7)
  }, 60_000)

  it('runs as the retention job of the queue', async () => {
    const app = await testApp({ config: { retention: { ...POLICY, cron: '30 3 * * *' } } })
    await seed(app)
    const [known] = await app.services.handle.query<{ identifier: string }>(
      `SELECT identifier FROM graphile_worker._private_known_crontabs WHERE identifier = 'retention'`,
    )
    expect(known).toBeDefined()
    await app.services.handle.query(`SELECT graphile_worker.add_job('retention', '{}'::json)`)
    await vi.waitFor(async () => expect((await counts(app)).alarms).toBe(2), { timeout: 20_000, interval: 200 })
    await vi.waitFor(async () => expect((await counts(app)).old_inbox).toBe(0), { timeout: 20_000, interval: 200 })
  }, 60_000)
})
