import { describe, expect, it } from 'vitest'
import { AlarmBodySchema } from '../../../contract/incidents'
import type { App } from '../../app'
import { loginAs, testApp } from '../../testing/test-app'
import { tenantWithAdmin } from '../../testing/tenants'
import { FOLD_ATTEMPTS } from './alarm-inbox.repository'
import type { AlarmItem } from './store-alarms'

const ALARM = {
  alarmId: 'stuck-1',
  alarmName: 'Disk full on db-3',
  alarmLevel: 'Major',
  time: 1709118444540,
  nameSpace: 'ns',
  applicationId: 'app-db',
  alarmDesc: 'disk > 95%',
  alarmSource: 'prom',
}
const FAILED = '/api/incidents/alarm-inbox/failed'

type Headers = Awaited<ReturnType<typeof loginAs>>

/** Creates an integration key as `admin` and returns what the webhook keeps of it with each call. */
async function keyOf(app: App, admin: Headers, name: string): Promise<AlarmItem['key']> {
  const res = await app.inject({ method: 'POST', url: '/api/integration-keys', headers: admin, payload: { name } })
  expect(res.statusCode).toBe(201)
  const [row] = await app.services.handle.query<{
    id: string
    tenantId: string
    name: string
    levelMap: Record<string, string>
    createdBy: string
  }>(
    `select id, tenant_id as "tenantId", name, level_map as "levelMap", created_by as "createdBy"
       from integration_keys where id = $1`,
    [res.json().id],
  )
  return row
}

/** An inbox row as the webhook appends it, left by the folder after FOLD_ATTEMPTS failed folds. */
async function insertStuck(app: App, key: AlarmItem['key'], alarm: Record<string, unknown>, error = 'deadlock') {
  const parsed = AlarmBodySchema.parse(alarm)
  const item: AlarmItem = { key, alarm: parsed, status: parsed.alarmStatus ?? 'alarm' }
  const [row] = await app.services.handle.query<{ id: string }>(
    'insert into alarm_inbox (item, attempts, last_error) values ($1::jsonb, $2, $3) returning id',
    [JSON.stringify(item), FOLD_ATTEMPTS, error],
  )
  return Number(row.id)
}

const count = async (app: App, table: string) =>
  (await app.services.handle.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n

describe('stuck alarms (accepted by the webhook, never folded)', () => {
  it('lists them newest first; a retry folds one into an alarm and an incident, audited', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    const key = await keyOf(app, admin, 'prometheus')
    const older = await insertStuck(app, key, ALARM, 'canceling statement due to statement timeout')
    const newer = await insertStuck(app, key, { ...ALARM, alarmId: 'stuck-2', alarmStatus: 'ok' })

    const list = await app.inject({ method: 'GET', url: FAILED, headers: admin })
    expect(list.statusCode).toBe(200)
    expect(list.json().total).toBe(2)
    expect(list.json().items.map((i: { id: number }) => i.id)).toEqual([newer, older])
    expect(list.json().items[1]).toEqual({
      id: older,
      received_at: expect.any(String),
      attempts: FOLD_ATTEMPTS,
      last_error: 'canceling statement due to statement timeout',
      alarm_id: 'stuck-1',
      alarm_name: 'Disk full on db-3',
      alarm_status: 'alarm',
      key_name: 'prometheus',
    })
    expect(list.json().items[0]).toMatchObject({ alarm_id: 'stuck-2', alarm_status: 'ok' })
    // What the list must not carry: the item itself (tenant id, level map, the alarm's `additional`).
    expect(Object.keys(list.json().items[0])).not.toContain('item')

    const retry = await app.inject({ method: 'POST', url: `${FAILED}/${older}/retry`, headers: admin })
    expect(retry.statusCode, retry.body).toBe(200)
    await app.services.integrations.drained()
    const board = (await app.inject({ method: 'GET', url: '/api/incidents', headers: admin })).json()
    expect(board.map((i: { title: string }) => i.title)).toEqual(['Disk full on db-3'])
    expect(board[0]).toMatchObject({ source: 'incident_source_alarm', alarm_count: 1 })
    const alarms = await app.services.handle.query<{ alarm_id: string }>('select alarm_id from alarms')
    expect(alarms).toEqual([{ alarm_id: 'stuck-1' }])
    expect((await app.inject({ method: 'GET', url: FAILED, headers: admin })).json()).toMatchObject({
      total: 1,
      items: [{ id: newer }],
    })
    // Folded and gone: retrying it again finds nothing.
    expect((await app.inject({ method: 'POST', url: `${FAILED}/${older}/retry`, headers: admin })).statusCode).toBe(404)

    const audit = (
      await app.inject({ method: 'GET', url: '/api/audit-logs?action=alarm-inbox.retry', headers: admin })
    ).json()
    expect(audit.items).toHaveLength(1)
    expect(audit.items[0]).toMatchObject({
      actor: 'admin',
      targetType: 'alarm-inbox',
      targetId: String(older),
      before: { alarm_id: 'stuck-1', attempts: FOLD_ATTEMPTS },
      after: { attempts: 0, last_error: null },
    })
  })

  it('discards one for good, writing the alarm id to the audit log', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    const id = await insertStuck(app, await keyOf(app, admin, 'prometheus'), ALARM)
    const res = await app.inject({ method: 'DELETE', url: `${FAILED}/${id}`, headers: admin })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ok: true })
    expect(await count(app, 'alarm_inbox')).toBe(0)
    expect((await app.inject({ method: 'GET', url: FAILED, headers: admin })).json()).toEqual({ items: [], total: 0 })
    await app.services.integrations.drained()
    expect(await count(app, 'alarms')).toBe(0)
    expect((await app.inject({ method: 'DELETE', url: `${FAILED}/${id}`, headers: admin })).statusCode).toBe(404)

    const audit = (
      await app.inject({ method: 'GET', url: '/api/audit-logs?action=alarm-inbox.discard', headers: admin })
    ).json()
    expect(audit.items).toHaveLength(1)
    expect(audit.items[0]).toMatchObject({
      targetType: 'alarm-inbox',
      targetId: String(id),
      before: { alarm_id: 'stuck-1', alarm_name: 'Disk full on db-3', key_name: 'prometheus', last_error: 'deadlock' },
    })
  })

  it('refuses non-admins, malformed ids, and rows still being folded', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    const id = await insertStuck(app, await keyOf(app, admin, 'prometheus'), ALARM)
    for (const [user, password] of [
      ['operator', 'operator-demo-1'],
      ['viewer', 'viewer-demo-1'],
    ]) {
      const h = await loginAs(app, user, password)
      expect((await app.inject({ method: 'GET', url: FAILED, headers: h })).statusCode, user).toBe(403)
      expect((await app.inject({ method: 'POST', url: `${FAILED}/${id}/retry`, headers: h })).statusCode, user).toBe(
        403,
      )
      expect((await app.inject({ method: 'DELETE', url: `${FAILED}/${id}`, headers: h })).statusCode, user).toBe(403)
    }
    expect((await app.inject({ method: 'DELETE', url: `${FAILED}/abc`, headers: admin })).statusCode).toBe(400)
    expect((await app.inject({ method: 'POST', url: `${FAILED}/0/retry`, headers: admin })).statusCode).toBe(400)
    // A row the folder still tries (fewer than FOLD_ATTEMPTS failures) is not the admins' to discard.
    await app.services.integrations.stopFolding()
    await app.services.handle.query('update alarm_inbox set attempts = $1 where id = $2', [FOLD_ATTEMPTS - 1, id])
    expect((await app.inject({ method: 'DELETE', url: `${FAILED}/${id}`, headers: admin })).statusCode).toBe(404)
    expect((await app.inject({ method: 'GET', url: FAILED, headers: admin })).json().total).toBe(0)
    expect(await count(app, 'alarm_inbox')).toBe(1)
  })

  it("keeps tenants apart: another tenant's admin neither sees nor retries nor discards them", async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    const mine = await insertStuck(app, await keyOf(app, admin, 'prometheus'), ALARM)
    const { admin: bAdmin } = await tenantWithAdmin(app)
    const theirs = await insertStuck(app, await keyOf(app, bAdmin, 'b-prom'), { ...ALARM, alarmId: 'b-1' })

    const seenByB = (await app.inject({ method: 'GET', url: FAILED, headers: bAdmin })).json()
    expect(seenByB).toMatchObject({ total: 1, items: [{ id: theirs, alarm_id: 'b-1', key_name: 'b-prom' }] })
    const seenByA = (await app.inject({ method: 'GET', url: FAILED, headers: admin })).json()
    expect(seenByA).toMatchObject({ total: 1, items: [{ id: mine, alarm_id: 'stuck-1' }] })

    // The attack: B's admin names A's row by id.
    const retry = await app.inject({ method: 'POST', url: `${FAILED}/${mine}/retry`, headers: bAdmin })
    expect(retry.statusCode).toBe(404)
    expect(retry.json().error.code).toBe('NOT_FOUND')
    expect((await app.inject({ method: 'DELETE', url: `${FAILED}/${mine}`, headers: bAdmin })).statusCode).toBe(404)
    expect((await app.inject({ method: 'DELETE', url: `${FAILED}/${theirs}`, headers: admin })).statusCode).toBe(404)
    await app.services.integrations.drained()
    const rows = await app.services.handle.query<{ id: string; attempts: number; last_error: string }>(
      'select id, attempts, last_error from alarm_inbox order by id',
    )
    expect(rows.map((r) => ({ ...r, id: Number(r.id) }))).toEqual([
      { id: mine, attempts: FOLD_ATTEMPTS, last_error: 'deadlock' },
      { id: theirs, attempts: FOLD_ATTEMPTS, last_error: 'deadlock' },
    ])
    expect(await count(app, 'alarms')).toBe(0)
    const bAudit = (await app.inject({ method: 'GET', url: '/api/audit-logs?pageSize=100', headers: bAdmin })).json()
    expect(bAudit.items.filter((e: { action: string }) => e.action.startsWith('alarm-inbox.'))).toEqual([])

    // Each admin does manage their own.
    expect((await app.inject({ method: 'DELETE', url: `${FAILED}/${theirs}`, headers: bAdmin })).statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: FAILED, headers: admin })).json().total).toBe(1)
  })
})
