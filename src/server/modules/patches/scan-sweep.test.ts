import { describe, expect, it } from 'vitest'
import { jobTasks } from '../../jobs/job-worker'
import { testApp } from '../../testing/test-app'

const QUIET = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} }

describe('patch-scan-sweep job', () => {
  it('closes running orders that stopped progressing, and leaves progressing and finished ones alone', async () => {
    const app = await testApp({ config: { patchScanStuckMin: 30 } })
    const q = app.services.handle.query.bind(app.services.handle)
    const [{ tenant }] = await q<{ tenant: string }>(`SELECT id AS tenant FROM tenants WHERE name = 'default'`)
    const insert = (id: string, status: string, minutesAgo: number) =>
      q(
        `INSERT INTO patch_scan_orders (id, tenant_id, trigger, status, created_by, total, succeeded, errors, updated_at)
         VALUES ($1, $2, 'schedule', $3, 'schedule', 4, 1, '[{"instance_id":"h2","message":"agent offline"}]',
           now() - make_interval(mins => $4::int))`,
        [id, tenant, status, minutesAgo],
      )
    await insert('PSO-stuck', 'running', 120)
    await insert('PSO-busy', 'running', 5)
    await insert('PSO-done', 'finished', 600)
    await jobTasks(app.services, QUIET)['patch-scan-sweep']({}, 1, 1)
    const rows = await q<{
      id: string
      status: string
      failed: number
      errors: { message: string }[]
      finished: boolean
    }>('SELECT id, status, failed, errors, finished_at IS NOT NULL AS finished FROM patch_scan_orders ORDER BY id')
    expect(rows).toEqual([
      { id: 'PSO-busy', status: 'running', failed: 0, errors: [expect.anything()], finished: false },
      { id: 'PSO-done', status: 'finished', failed: 0, errors: [expect.anything()], finished: false },
      {
        id: 'PSO-stuck',
        status: 'finished',
        failed: 3,
        errors: [
          { instance_id: 'h2', message: 'agent offline' },
          { instance_id: '*', message: 'interrupted: no progress for 30 minutes (the replica running it stopped)' },
        ],
        finished: true,
      },
    ])
  }, 60_000)
})
