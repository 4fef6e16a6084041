import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { cocClient, scriptBody } from '../testing/script-fixtures'
import { watchNestedConnections } from '../testing/nested-connections'
import { iamBody, loginAs, testApp } from '../testing/test-app'
import { testDb } from '../testing/test-db'

/**
 * Each replica's pool is small on purpose (`npm start`: ⌈10 / WORKERS⌉, at least 5; DB_POOL_SIZE down to 2), and
 * the job worker's LISTEN connection and jobs share it. A transaction that waits for a second pooled connection
 * (a read through the pool inside it) deadlocks the replica once a burst takes them all: with 2 connections the
 * console did not even start (the demo on-call seed). This start and burst (reads, writes, logins, alarm ingest
 * that queues paging jobs, the jobs themselves) must finish on the smallest pool, and take no nested connection.
 */
describe('the smallest connection pool under a burst of every kind of request', () => {
  it('starts, answers every request and folds every alarm with 2 connections and the job worker on', async () => {
    const nested: string[] = []
    const db = watchNestedConnections(await testDb({ max: 2 }), (where) => nested.push(where))
    const app = await testApp({ db, config: { poolSize: 2, jobWorker: true } })
    const admin = await loginAs(app)
    const { key } = (
      await app.inject({ method: 'POST', url: '/api/integration-keys', headers: admin, payload: { name: 'burst' } })
    ).json() as { key: string }
    const coc = await cocClient(app, 'admin', 'admin-test-pw')
    const alarm = (i: number) => ({
      alarmId: `burst-${i}`,
      alarmName: 'disk full',
      alarmLevel: 'Critical',
      time: Date.now(),
      nameSpace: 'n',
      applicationId: 'a',
      alarmDesc: 'd',
      alarmSource: 's',
    })

    const answers = await Promise.all([
      ...Array.from({ length: 20 }, () => coc.list()),
      ...Array.from({ length: 10 }, (_, i) => coc.create(scriptBody({ name: `burst_${i}` }))),
      ...Array.from({ length: 10 }, (_, i) =>
        app.inject({ method: 'POST', url: `/v1/event/huawei/custom/${key}`, payload: alarm(i) }),
      ),
      ...Array.from({ length: 5 }, () => app.inject({ method: 'GET', url: '/api/incidents', headers: admin })),
      ...Array.from({ length: 5 }, () =>
        app.inject({ method: 'POST', url: '/v3/auth/tokens', payload: iamBody('admin', 'admin-test-pw') }),
      ),
    ])
    expect(answers.map((r) => r.statusCode).filter((s) => s >= 300)).toEqual([])

    await app.services.integrations.drained()
    const board = (await app.inject({ method: 'GET', url: '/api/incidents', headers: admin })).json() as unknown[]
    expect(board.length).toBeGreaterThanOrEqual(10)
    expect((await coc.list()).json().data.total).toBeGreaterThanOrEqual(10)
    expect(nested).toEqual([])
  }, 90_000)

  it('every test database refuses a read through the pool inside a transaction, not one on the transaction', async () => {
    const db = await testDb()
    try {
      await expect(db.db.transaction(async (tx) => tx.execute(sql`select 1 as one`))).resolves.toBeDefined()
      await expect(
        db.db.transaction(async (tx) => {
          await tx.execute(sql`select 1`)
          await db.db.execute(sql`select 2`)
        }),
      ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/second pooled connection/) } })
    } finally {
      await db.close()
    }
  })
})
