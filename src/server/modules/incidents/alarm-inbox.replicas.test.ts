import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { App } from '../../app'
import type { DbHandle } from '../../db/client'
import { Keyring } from '../../lib/keyring'
import { ADMIN, loginAs } from '../../testing/test-app'
import { replicaApp, testReplicaDbs } from '../../testing/test-replicas'

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

const ALARM = {
  alarmId: 'inbox-1',
  alarmName: 'Disk full',
  alarmLevel: 'Minor',
  time: 1709118444540,
  nameSpace: 'ns',
  applicationId: 'app-1',
  alarmDesc: 'disk > 95%',
  alarmSource: 'prom',
}

const keyring = new Keyring(randomBytes(32))
async function replica(db: DbHandle): Promise<App> {
  const app = await replicaApp(db, keyring)
  cleanup.push(() => app.close())
  return app
}

describe('alarm inbox across replicas', () => {
  it('an answered call that its replica did not fold is folded by another replica', async () => {
    const { handles, close } = await testReplicaDbs(2)
    cleanup.push(close)
    const a = await replica(handles[0])
    const admin = await loginAs(a, ADMIN.username, ADMIN.password)
    const { key } = (
      await a.inject({ method: 'POST', url: '/api/integration-keys', headers: admin, payload: { name: 'prom' } })
    ).json()
    // A stops folding, as a replica that dies right after answering would.
    await a.services.integrations.stopFolding()
    const res = await a.inject({ method: 'POST', url: `/v1/event/huawei/custom/${key}`, payload: ALARM })
    expect(res.statusCode).toBe(200)
    const count = async (table: string) =>
      (await handles[0].query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n
    expect(await count('alarm_inbox')).toBe(1)
    expect(await count('alarms')).toBe(0)

    // B starts on the same database: its first sweep folds what A accepted.
    const b = await replica(handles[1])
    await vi.waitFor(async () => expect(await count('alarms')).toBe(1), { timeout: 10_000, interval: 50 })
    expect(await count('alarm_inbox')).toBe(0)
    const board = (await b.inject({ method: 'GET', url: '/api/incidents', headers: admin })).json()
    expect(board.map((i: { title: string }) => i.title)).toEqual(['Disk full'])
  }, 60_000)
})
