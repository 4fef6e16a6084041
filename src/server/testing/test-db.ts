import { randomBytes } from 'node:crypto'
import { PreparedClient } from '../db/prepared-client'
import pg from 'pg'
import { inject } from 'vitest'
import { type DbHandle, fromPgPool } from '../db/client'
import { migrate } from '../db/migrate'
import { guardTestPool } from './nested-connections'

let pgTemplate: Promise<string> | undefined

/**
 * A fresh migrated database per test on the run's PostgreSQL server (pg-global-setup.ts): `CREATE DATABASE …
 * TEMPLATE` of a database migrated once per test worker, dropped again on close. Names carry this run's id,
 * so parallel runs on one server never touch each other's databases.
 */
export async function testDb(opts: { max?: number } = {}): Promise<DbHandle> {
  const url = inject('testDatabaseUrl')
  const runId = inject('testRunId')
  const admin = new pg.Pool({ connectionString: url, max: 1 })
  pgTemplate ??= (async () => {
    const name = `oc_tmpl_${runId}_${randomBytes(3).toString('hex')}`
    await admin.query(`CREATE DATABASE ${name}`)
    const pool = new pg.Pool({ connectionString: withDb(url, name), max: 2 })
    await migrate(fromPgPool(pool))
    await pool.end()
    return name
  })()
  const tmpl = await pgTemplate
  const name = `oc_test_${runId}_${randomBytes(6).toString('hex')}`
  // FILE_COPY: a copy of the small template's files, ~4× faster than the default WAL_LOG block copy here.
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tmpl} STRATEGY FILE_COPY`)
  const pool = new pg.Pool({ connectionString: withDb(url, name), max: opts.max ?? 5, Client: PreparedClient })
  // The drop below ends connections a test left open (a LISTEN client …): that is not the test's failure.
  pool.on('error', () => {})
  const handle = fromPgPool(pool)
  // No transaction may wait for a second pooled connection (a small pool would deadlock): every test checks it.
  guardTestPool(handle)
  return {
    ...handle,
    close: async () => {
      await handle.close()
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {})
      await admin.end()
    },
  }
}

/** `url` with its database replaced by `db`. */
export function withDb(url: string, db: string) {
  const u = new URL(url)
  u.pathname = `/${db}`
  return u.toString()
}
