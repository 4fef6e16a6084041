import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest'
import { type DbHandle, fromPgPool } from '../db/client'
import { waitFor } from '../testing/agent-process'
import { testDb } from '../testing/test-db'
import { PgBus, replicaChannel } from './pg-bus'

const quiet = { warn: () => {} }
const open: DbHandle[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()))
})

async function collect(bus: PgBus, channel: string) {
  const got: unknown[] = []
  bus.subscribe(channel, (m) => got.push(m))
  await bus.ready()
  return got
}

describe('PgBus on one database', () => {
  it('delivers messages in order, batched per tick, and big ones through bus_payloads', async () => {
    const db = await testDb()
    open.push(db)
    const bus = new PgBus(db, quiet)
    const got = await collect(bus, 'oc_test_bus')
    const big = { big: 'x'.repeat(20_000) }
    for (let i = 0; i < 50; i++) bus.publish('oc_test_bus', { i })
    bus.publish('oc_test_bus', big)
    bus.publish('oc_test_bus', { i: 50 })
    await waitFor(() => got.length === 52, 10_000, 'all messages')
    expect(got.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i) => ({ i })))
    expect(got[50]).toEqual(big)
    expect(got[51]).toEqual({ i: 50 })
    const [row] = await db.query<{ n: number }>('select count(*)::int n from bus_payloads')
    expect(row!.n).toBe(1)
    await bus.close()
  }, 120_000) // a PGlite template is migrated first on a busy machine

  it('publishes while every pooled connection is taken: the bus never waits behind list queries', async () => {
    const db = await testDb({ max: 1 })
    open.push(db)
    const bus = new PgBus(db, quiet)
    const got = await collect(bus, 'oc_test_bus_busy')
    // The pool's only connection is held (as by a slow page) until the message has arrived.
    const held = await db.pool.connect()
    try {
      bus.publish('oc_test_bus_busy', { relayed: 'run' })
      await waitFor(() => got.length === 1, 5_000, 'the message, with the pool exhausted')
      expect(got).toEqual([{ relayed: 'run' }])
    } finally {
      held.release()
    }
    await bus.close()
  })

  it('names replica channels as valid identifiers', () => {
    const ch = replicaChannel('a-host.example.org-12345')
    expect(ch).toMatch(/^[a-z0-9_]{1,63}$/)
    expect(replicaChannel('other')).not.toBe(ch)
  })
})

/** The run's PostgreSQL server (TEST_DATABASE_URL, or the embedded one pg-global-setup.ts starts). */
const URL_ = inject('testDatabaseUrl')
describe('PgBus between replicas (real PostgreSQL)', () => {
  const admin = new pg.Pool({ connectionString: URL_, max: 1 })
  const name = `oc_test_bus_${randomBytes(4).toString('hex')}`
  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin?.end()
  })

  it('reaches another connection, and after its listening connection is killed, resets and listens again', async () => {
    await admin!.query(`CREATE DATABASE ${name}`)
    const u = new URL(URL_!)
    u.pathname = `/${name}`
    const one = fromPgPool(new pg.Pool({ connectionString: u.toString(), max: 2 }))
    const two = fromPgPool(new pg.Pool({ connectionString: u.toString(), max: 2 }))
    open.push(one, two)
    await one.execScript(
      'CREATE TABLE bus_payloads (id bigserial PRIMARY KEY, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
    )
    const sender = new PgBus(one, quiet)
    const receiver = new PgBus(two, quiet)
    let resets = 0
    receiver.onReset(() => resets++)
    const got = await collect(receiver, 'oc_test_x')
    sender.publish('oc_test_x', { n: 1 })
    await waitFor(() => got.length === 1, 10_000, 'first message')

    // Kill the receiver's listening backend (as a PostgreSQL restart or a network cut would).
    await one.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'",
    )
    await waitFor(() => resets === 1, 10_000, 'listener reset')
    sender.publish('oc_test_x', { n: 2 })
    await waitFor(() => got.length === 2, 10_000, 'message after the reset')
    expect(got).toEqual([{ n: 1 }, { n: 2 }])
  })
})
