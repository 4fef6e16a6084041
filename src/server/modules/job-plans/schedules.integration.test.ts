import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../app'
import { Keyring } from '../../lib/keyring'
import { waitFor } from '../../testing/agent-process'
import { ADMIN, loginAs } from '../../testing/test-app'
import { testReplicaDbs } from '../../testing/test-replicas'

/**
 * Schedules on two replicas (two apps, each with its own pool and job worker, on one database): a short
 * Quartz period fires once per slot, not once per replica, and each fire starts a run of the plan.
 */
const apps: App[] = []
let close: () => Promise<void>
let query: <T>(sql: string, params?: unknown[]) => Promise<T[]>
let admin: Record<string, string>

const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, app = apps[0]!) =>
  app.inject({ method, url, headers: admin, payload })

beforeAll(async () => {
  const r = await testReplicaDbs(2)
  close = r.close
  query = (sql, params) => r.handles[0]!.query(sql, params as never) as never
  const keyring = new Keyring(randomBytes(32))
  for (const db of r.handles) {
    const app = await buildApp({
      db,
      keyring,
      print: () => {},
      config: {
        adminBootstrap: `${ADMIN.username}:${ADMIN.password}`,
        demoSeed: false,
        staticDir: undefined,
      },
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    apps.push(app)
  }
  admin = await loginAs(apps[0]!)
}, 180_000)

afterAll(async () => {
  for (const app of apps) await app.close()
  await close?.()
})

/**
 * A one-step plan (a confirmation): the two apps of this test share one process and so one replica id,
 * which agent commands need to tell replicas apart; runs with agents are covered by the plan-run tests.
 */
async function makePlan(name: string) {
  const res = await api('POST', '/api/job-plans', {
    name,
    steps: [{ kind: 'confirm', name: 'check', message: 'scheduled' }],
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().id as string
}

describe('schedules across two replicas', () => {
  it('previews the next fires, starts paused, and fires each slot once with two replicas', async () => {
    const planId = await makePlan('ticker')
    const preview = await api('POST', '/api/schedules/preview', {
      expression: '0 0/5 * * * ?',
      timeZone: 'Asia/Shanghai',
    })
    expect(preview.json().kind).toBe('quartz')
    expect(preview.json().next).toHaveLength(5)
    expect((await api('POST', '/api/schedules/preview', { expression: '0 0 12 ? * 9' })).statusCode).toBe(400)

    const created = await api('POST', '/api/schedules', {
      name: 'every 3 s',
      planId,
      expression: '*/3 * * * * ?',
      timeZone: 'UTC',
    })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().id as string
    expect(created.json()).toMatchObject({ enabled: false, kind: 'quartz' })
    // Paused: nothing fires.
    await new Promise((r) => setTimeout(r, 3500))
    expect(await query('select * from schedule_fires where schedule_id = $1', [id])).toHaveLength(0)

    // Enabled on replica B; both replicas' workers race for the slots.
    const on = await api('POST', `/api/schedules/${id}/status`, { enabled: true }, apps[1]!)
    expect(on.json().enabled).toBe(true)
    await new Promise((r) => setTimeout(r, 10_000))
    await api('POST', `/api/schedules/${id}/status`, { enabled: false })
    const fires = await query<{ slot_at: Date; status: string; run_id: string | null }>(
      'select slot_at, status, run_id from schedule_fires where schedule_id = $1 order by slot_at',
      [id],
    )
    expect(fires.length).toBeGreaterThanOrEqual(2)
    expect(fires.length).toBeLessThanOrEqual(5)
    expect(fires.every((f) => f.status === 'fired' && f.run_id)).toBe(true)
    for (let i = 1; i < fires.length; i++)
      expect(fires[i]!.slot_at.getTime() - fires[i - 1]!.slot_at.getTime()).toBe(3000)
    // One run per slot, not one per replica.
    const runs = await query<{ id: string; status: string }>(
      'select id, status from plan_runs where schedule_id = $1',
      [id],
    )
    expect(runs).toHaveLength(fires.length)
    // Every run started (on whichever replica took its job) and waits at its confirmation step.
    await waitFor(
      async () =>
        (
          await query<{ n: string }>(
            `select count(*) as n from plan_runs where schedule_id = $1 and status = 'waiting'`,
            [id],
          )
        )[0]!.n === String(fires.length),
      20_000,
      'scheduled runs waiting',
    )
    const history = (await api('GET', `/api/schedules/${id}/fires?page=1&pageSize=20`)).json()
    expect(history.total).toBe(fires.length)
    // Disabled: no more fires.
    await new Promise((r) => setTimeout(r, 3500))
    expect(await query('select * from schedule_fires where schedule_id = $1', [id])).toHaveLength(fires.length)
  }, 120_000)

  it('reports fires missed during downtime and, with catch-up, runs once for them', async () => {
    const planId = await makePlan('catcher')
    const make = async (catchUp: 'skip' | 'run_once') => {
      const res = await api('POST', '/api/schedules', {
        name: `hourly ${catchUp}`,
        planId,
        expression: '0 * * * *',
        catchUp,
      })
      const id = res.json().id as string
      await api('POST', `/api/schedules/${id}/status`, { enabled: true })
      const [{ generation }] = await query<{ generation: number }>(
        'select generation from plan_schedules where id = $1',
        [id],
      )
      // The fire job of a slot three hours ago runs now, as after a console that was stopped for three hours.
      const hour = 3600_000
      const slot = new Date(Math.floor(Date.now() / hour) * hour - 3 * hour)
      await apps[0]!.services.planSchedules.fire({ scheduleId: id, generation, slot: slot.toISOString() })
      return query<{ status: string; run_id: string | null }>(
        'select status, run_id from schedule_fires where schedule_id = $1 order by slot_at',
        [id],
      )
    }
    const skipped = await make('skip')
    expect(skipped.map((f) => f.status)).toEqual(['missed', 'missed', 'missed', 'missed'])
    expect(skipped.every((f) => f.run_id === null)).toBe(true)
    const caught = await make('run_once')
    expect(caught.map((f) => f.status)).toEqual(['missed', 'missed', 'missed', 'caught_up'])
    expect(caught[3]!.run_id).toBeTruthy()
    // The owner is told.
    const inbox = (await api('GET', '/api/inbox?page=1&pageSize=50')).json() as { items: { title: string }[] }
    expect(inbox.items.filter((m) => /fire\(s\) missed/.test(m.title))).toHaveLength(2)
  }, 60_000)

  it('an approval step that times out cancels its run (timeout job queued at the deadline)', async () => {
    const res = await api('POST', '/api/job-plans', {
      name: 'timed approval',
      steps: [
        { kind: 'approval', name: 'ok?', approvers: { roles: ['reviewer'] }, timeoutMin: 5 },
        { kind: 'confirm', name: 'after' },
      ],
    })
    const run = (await api('POST', `/api/job-plans/${res.json().id}/runs`, { variables: {} })).json()
    const approvalId = await waitFor(
      async () => (await api('GET', `/api/plan-runs/${run.id}`)).json().steps[0].approvalId as string | null,
      20_000,
      'approval opened',
    )
    // The timeout job waits in the queue until the deadline.
    const [job] = await query<{ run_at: Date }>('select run_at from graphile_worker._private_jobs where key = $1', [
      `approval:${approvalId}`,
    ])
    const [a] = await query<{ timeout_at: Date }>('select timeout_at from approvals where id = $1', [approvalId])
    expect(job!.run_at.getTime()).toBe(a!.timeout_at.getTime())
    // The deadline passes (moved, not waited for) and the job runs.
    await query(`update approvals set timeout_at = now() - interval '1 second' where id = $1`, [approvalId])
    await apps[0]!.services.approvals.expire(approvalId)
    const after = (await api('GET', `/api/plan-runs/${run.id}`)).json()
    expect(after.status).toBe('canceled')
    expect(after.steps.map((s: { status: string }) => s.status)).toEqual(['canceled', 'pending'])
    const approval = (await api('GET', `/api/approvals/${approvalId}`)).json()
    expect(approval.status).toBe('timeout')
    expect(approval.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'timeout'])
  }, 60_000)
})
