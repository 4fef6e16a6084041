import net from 'node:net'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { type DbHandle, fromPgPool } from '../db/client'
import { testDb, withDb } from '../testing/test-db'
import { ADMIN, iamBody, loginAs, testApp } from '../testing/test-app'
import { isDatabaseUnavailable } from './db-unavailable'

/** A TCP relay to the test server that a test can cut (connections dropped, new ones refused) and restore. */
async function cuttableRelay(target: URL) {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => {})
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    cut: async () => {
      await new Promise<void>((r) => {
        server.close(() => r())
        for (const s of sockets) s.destroy()
      })
    },
    restore: () => new Promise<void>((r) => server.listen(port, '127.0.0.1', r)),
  }
}

describe('isDatabaseUnavailable', () => {
  it('knows the driver’s and the server’s ways of saying the database is out of reach, also wrapped', async () => {
    const refused = await new pg.Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2000 })
      .connect()
      .catch((e) => e)
    expect(isDatabaseUnavailable(refused)).toBe(true)
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true)
    expect(
      isDatabaseUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' })),
    ).toBe(true)
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true)
    expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: refused }))).toBe(true)
    // Wrong SQL, a constraint, a bug: not an outage.
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false)
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false)
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false)
    expect(isDatabaseUnavailable(undefined)).toBe(false)
  })
})

describe('a request while the database is out of reach', () => {
  const cleanup: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn()
  })

  it('answers 503 with Retry-After in each family’s body, and works again once the database is back', async () => {
    const owner = await testDb()
    cleanup.push(() => owner.close())
    const [{ db: name }] = await owner.query<{ db: string }>('SELECT current_database() AS db')
    const target = new URL(inject('testDatabaseUrl'))
    const relay = await cuttableRelay(target)
    const viaRelay = new URL(withDb(target.toString(), name!))
    viaRelay.port = String(relay.port)
    const pool = new pg.Pool({ connectionString: viaRelay.toString(), max: 4, connectionTimeoutMillis: 3000 })
    pool.on('error', () => {})
    const db: DbHandle = fromPgPool(pool)
    const app = await testApp({ db, demoSeed: false })
    cleanup.push(async () => {
      await relay.restore().catch(() => {})
      await app.close()
    })
    const session = await loginAs(app, ADMIN.username, ADMIN.password)
    expect((await app.inject({ method: 'GET', url: '/api/scripts', headers: session })).statusCode).toBe(200)

    await relay.cut()
    const cons = await app.inject({ method: 'GET', url: '/api/scripts', headers: session })
    expect(cons.statusCode, cons.body).toBe(503)
    expect(cons.headers['retry-after']).toBe('2')
    expect(cons.json().error).toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
      phrase: { key: 'database-unavailable' },
    })
    const coc = await app.inject({
      method: 'POST',
      url: '/v3/auth/tokens',
      payload: iamBody(ADMIN.username, ADMIN.password),
    })
    expect(coc.statusCode, coc.body).toBe(503)
    expect(coc.json()).toMatchObject({ error_code: 'COC.00040701', error_msg: expect.stringMatching(/database/) })

    await relay.restore()
    let back = 0
    for (let i = 0; i < 40 && back !== 200; i++) {
      back = (await app.inject({ method: 'GET', url: '/api/scripts', headers: session })).statusCode
      if (back !== 200) await new Promise((r) => setTimeout(r, 250))
    }
    expect(back).toBe(200)
  }, 60_000)
})
