import { eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import type { App } from '../../app'
import { alarms } from '../../db/schema'
import { loginAs, testApp } from '../../testing/test-app'

const ALARM = {
  alarmId: 'a-1',
  alarmName: 'Disk full',
  alarmLevel: 'Critical',
  time: 1709118444540,
  nameSpace: 'ns',
  regionId: 'cn-north-4',
  applicationId: 'app-1',
  resourceName: 'vm-1',
  alarmDesc: 'disk > 95%',
  alarmSource: 'prom',
  alarmStatus: 'alarm',
}

async function setup() {
  const app = await testApp()
  const admin = await loginAs(app)
  const { key } = (
    await app.inject({ method: 'POST', url: '/api/integration-keys', headers: admin, payload: { name: 'prom' } })
  ).json()
  const post = (body: object) => app.inject({ method: 'POST', url: `/v1/event/huawei/custom/${key}`, payload: body })
  const ingest = (body: object) => app.services.integrations.ingest(key, body)
  const view = async (alarmId: string) => {
    const [row] = await app.services.handle.query<{ incident_num: string }>(
      'select i.incident_num from alarms a join incidents i on i.id = a.incident_id where a.alarm_id = $1',
      [alarmId],
    )
    return (await app.inject({ method: 'GET', url: `/api/incidents/${row.incident_num}`, headers: admin })).json()
  }
  const count = async (sqlText: string) => (await app.services.handle.query<{ n: number }>(sqlText))[0].n
  /** The webhook answers once the call is in the inbox; this waits for the folder. */
  const folded = () => app.services.integrations.drained()
  return { app, key, post, ingest, view, count, folded }
}

/** The timeline without the paging entries, which the job queue adds at its own time. */
const actions = (v: { timeline: { action: string }[] }) =>
  v.timeline.map((t) => t.action).filter((a) => !a.startsWith('page.'))

/** Counts transactions while letting them run. */
function countTransactions(app: App) {
  return vi.spyOn(app.services.db, 'transaction')
}

describe('alarm webhook: inbox, then folding', () => {
  it('stores concurrent posts (20 repeats of an alarmId) in few transactions: one alarm, one incident', async () => {
    const { app, post, count, view, folded } = await setup()
    const tx = countTransactions(app)
    const bodies = [
      ...Array.from({ length: 20 }, () => ALARM),
      ...Array.from({ length: 30 }, (_, i) => ({ ...ALARM, alarmId: `other-${i}`, alarmLevel: 'Minor' })),
    ]
    const responses = await Promise.all(bodies.map(post))
    expect(responses.map((r) => r.statusCode)).toEqual(bodies.map(() => 200))
    await folded()
    expect(tx.mock.calls.length).toBeLessThan(10)
    expect(await count('select count(*)::int as n from alarm_inbox')).toBe(0)
    expect(await count(`select count(*)::int as n from alarms where alarm_id = 'a-1'`)).toBe(1)
    expect(await count(`select received_count as n from alarms where alarm_id = 'a-1'`)).toBe(20)
    expect(await count('select count(*)::int as n from alarms')).toBe(31)
    expect(await count(`select count(*)::int as n from incidents where source = 'incident_source_alarm'`)).toBe(31)
    expect(await count(`select count(*)::int as n from audit_log where action = 'incident.create'`)).toBe(31)
    expect(await count(`select count(*)::int as n from incidents where level = 'level_30'`)).toBe(30)
    const v = await view('a-1')
    expect(v).toMatchObject({
      level: 'level_10',
      source: 'incident_source_alarm',
      region: 'cn-north-4',
      alarm_count: 1,
    })
    expect(actions(v)).toEqual(['create', 'alarm.linked'])
  })

  it('records a recovery posted in the same batch as the firing, and a re-firing after it', async () => {
    const { ingest, view, app, folded } = await setup()
    // P3, so that no war room opens (its own transaction) and the count below is the fold alone.
    const A = { ...ALARM, alarmLevel: 'Minor' }
    const tx = countTransactions(app)
    await Promise.all([ingest(A), ingest({ ...A, alarmStatus: 'ok' })])
    await folded()
    expect(tx).toHaveBeenCalledTimes(1)
    const v = await view('a-1')
    expect(actions(v)).toEqual(['create', 'alarm.linked', 'alarm.recovered'])
    expect(v.alarms[0]).toMatchObject({ status: 'ok', received_count: 2 })
    expect(v.alarms[0].recovered_at).toBeGreaterThan(0)

    // Folded in the order they were accepted: opened, recovered, re-fired; a repeat of ok; re-fired.
    await Promise.all([
      ingest({ ...A, alarmId: 'b-1' }),
      ingest({ ...A, alarmId: 'b-1', alarmStatus: 'ok' }),
      ingest({ ...A, alarmId: 'b-1' }),
      ingest({ ...A, alarmStatus: 'ok' }),
      ingest(A),
    ])
    await folded()
    expect(actions(await view('b-1'))).toEqual(['create', 'alarm.linked', 'alarm.recovered', 'alarm.refired'])
    const [b] = await app.services.db.select().from(alarms).where(eq(alarms.alarmId, 'b-1'))
    expect(b).toMatchObject({ status: 'alarm', recoveredAt: null, receivedCount: 3 })
    expect(actions(await view('a-1'))).toEqual(['create', 'alarm.linked', 'alarm.recovered', 'alarm.refired'])
  })

  it('routes a batch of new incidents set-based: paged ones get a queued page each, unrouted ones are marked in the batch', async () => {
    const { app, post, count, folded } = await setup()
    const admin = await loginAs(app)
    const minor = (i: number, prefix: string) => ({ ...ALARM, alarmId: `${prefix}-${i}`, alarmLevel: 'Minor' })
    // The demo policy covers every application: each incident is paged by its own job.
    const paged = await Promise.all(Array.from({ length: 25 }, (_, i) => post(minor(i, 'paged'))))
    expect(paged.every((r) => r.statusCode === 200)).toBe(true)
    await vi.waitFor(
      async () =>
        expect(await count(`select count(*)::int as n from incident_pages where status <> 'unrouted'`)).toBe(25),
      { timeout: 20_000, interval: 100 },
    )
    // Without any policy, the batch itself records that nobody is paged (no job, nothing to wait for).
    const policies = (await app.inject({ method: 'GET', url: '/api/escalation-policies', headers: admin })).json()
    for (const p of policies)
      await app.inject({ method: 'DELETE', url: `/api/escalation-policies/${p.id}`, headers: admin })
    const jobs0 = await count(
      `select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t
        on t.id = j.task_id where t.identifier = 'incident-page'`,
    )
    const unrouted = await Promise.all(Array.from({ length: 25 }, (_, i) => post(minor(i, 'unrouted'))))
    expect(unrouted.every((r) => r.statusCode === 200)).toBe(true)
    await folded()
    expect(await count(`select count(*)::int as n from incident_pages where status = 'unrouted'`)).toBe(25)
    expect(await count(`select count(*)::int as n from incident_timeline where action = 'page.unrouted'`)).toBe(25)
    expect(
      await count(
        `select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t
          on t.id = j.task_id where t.identifier = 'incident-page'`,
      ),
    ).toBe(jobs0)
  }, 60_000)

  it('stores an alarm first seen as ok without an incident', async () => {
    const { ingest, count, folded } = await setup()
    await ingest({ ...ALARM, alarmStatus: 'ok' })
    await folded()
    expect(await count('select count(*)::int as n from alarms')).toBe(1)
    expect(await count('select count(*)::int as n from incidents')).toBe(0)
    expect(await count('select count(*)::int as n from alarms where recovered_at is not null')).toBe(1)
  })

  it('tells incident listeners after commit', async () => {
    const { app, ingest, folded } = await setup()
    const heard: string[] = []
    app.services.incidents.onChange((c) => {
      heard.push(`${c.action}:${c.incident.level}`)
    })
    await Promise.all([ingest(ALARM), ingest(ALARM), ingest({ ...ALARM, alarmId: 'a-2', alarmLevel: 'Info' })])
    await folded()
    expect(heard.sort()).toEqual(['create:level_10', 'create:level_40'])
  })

  // The war room is opened by a job added in the alarm batch's transaction.
  it('queues the war room of a P1 alarm with a region in its transaction, and the worker opens it', async () => {
    const { ingest, count } = await setup()
    await Promise.all([ingest(ALARM), ingest(ALARM), ingest({ ...ALARM, alarmId: 'a-2', alarmLevel: 'Info' })])
    await vi.waitFor(async () => expect(await count('select count(*)::int as n from war_rooms')).toBe(1), {
      timeout: 15_000,
      interval: 100,
    })
  })

  it('falls back to one transaction per call when a batch fails, failing nobody', async () => {
    const { app, ingest, count, folded } = await setup()
    const createMany = app.services.incidents.createMany.bind(app.services.incidents)
    const spy = vi.spyOn(app.services.incidents, 'createMany').mockImplementation(async (tx, items) => {
      if (items.length > 1) throw new Error('simulated batch failure')
      return createMany(tx, items)
    })
    await Promise.all([ingest(ALARM), ingest({ ...ALARM, alarmId: 'a-2' }), ingest(ALARM)])
    await folded()
    expect(spy.mock.calls.length).toBeGreaterThan(1)
    expect(await count('select count(*)::int as n from incidents')).toBe(2)
    expect(await count(`select received_count as n from alarms where alarm_id = 'a-1'`)).toBe(2)
  })

  it('reruns a batch when a new alarm already exists at insert time (no duplicate, no orphan incident)', async () => {
    const { app, ingest, count, key, folded } = await setup()
    const [keyRow] = await app.services.handle.query<{ id: string; tenant_id: string }>(
      'select id, tenant_id from integration_keys where prefix = $1',
      [key.slice(0, 7)],
    )
    const createMany = app.services.incidents.createMany.bind(app.services.incidents)
    // Stands in for another replica inserting the same alarmId between our lookup and our insert. PGlite has one
    // connection, so the row goes in through our own transaction and is rolled back with it: the rerun then
    // opens the alarm itself (on PostgreSQL it would find the other replica's row and count a repeat).
    const spy = vi.spyOn(app.services.incidents, 'createMany').mockImplementationOnce(async (tx, items) => {
      await tx.insert(alarms).values({
        tenantId: keyRow.tenant_id,
        alarmId: 'a-1',
        integrationKeyId: keyRow.id,
        name: 'x',
        level: 'Critical',
        status: 'alarm',
        source: 's',
        namespace: 'n',
        applicationId: 'app-1',
        description: 'd',
        occurredAt: new Date(),
      })
      return createMany(tx, items)
    })
    await ingest(ALARM)
    await folded()
    expect(spy).toHaveBeenCalledTimes(2)
    expect(await count(`select count(*)::int as n from alarms where alarm_id = 'a-1'`)).toBe(1)
    expect(await count('select count(*)::int as n from incidents')).toBe(1)
    expect(
      await count(`select count(*)::int as n from alarms where alarm_id = 'a-1' and incident_id is not null`),
    ).toBe(1)
  })

  it('still answers 400 and 401 before queueing', async () => {
    const { app, post, count, folded } = await setup()
    const { alarmId: _id, ...noId } = ALARM
    const [bad, good, unknown] = await Promise.all([
      post(noId),
      post(ALARM),
      app.inject({ method: 'POST', url: '/v1/event/huawei/custom/nope', payload: ALARM }),
    ])
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error_msg).toContain('alarmId must not be null')
    expect(good.statusCode).toBe(200)
    expect(unknown.statusCode).toBe(401)
    await folded()
    expect(await count('select count(*)::int as n from alarms')).toBe(1)
  })

  it('leaves a row that fails on its own in the inbox with its error, and folds the calls around it', async () => {
    const { app, post, count, folded } = await setup()
    // A row no webhook call could have written (no alarm body): its fold throws every time.
    await app.services.handle.query(
      `insert into alarm_inbox (item) values ('{"key": {"id": "k", "tenantId": "t"}, "status": "alarm"}')`,
    )
    expect((await post(ALARM)).statusCode).toBe(200)
    await folded()
    expect(await count('select count(*)::int as n from alarms')).toBe(1)
    const [left] = await app.services.handle.query<{ attempts: number; last_error: string }>(
      'select attempts, last_error from alarm_inbox',
    )
    expect(left.attempts).toBe(5)
    expect(left.last_error).toBeTruthy()
    // Later calls are not held up by it.
    expect((await post({ ...ALARM, alarmId: 'a-2' })).statusCode).toBe(200)
    await folded()
    expect(await count('select count(*)::int as n from alarms')).toBe(2)
  }, 30_000)
})
