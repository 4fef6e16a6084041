import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { type DbHandle, fromPgPool } from '../db/client'
import { migrate } from '../db/migrate'

/**
 * `n` handles, each with its own pool (as `n` replicas have), on one new migrated database of the server at
 * TEST_DATABASE_URL. `close()` ends the pools and drops the database.
 */
export async function testReplicaDbs(n: number): Promise<{ handles: DbHandle[]; close(): Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL
  if (!url) throw new Error('testReplicaDbs needs TEST_DATABASE_URL (a PostgreSQL server)')
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const name = `oc_test_${randomBytes(6).toString('hex')}`
  await admin.query(`CREATE DATABASE ${name}`)
  const u = new URL(url)
  u.pathname = `/${name}`
  const handles = Array.from({ length: n }, () => fromPgPool(new pg.Pool({ connectionString: u.toString(), max: 10 })))
  await migrate(handles[0])
  return {
    handles,
    close: async () => {
      await Promise.all(handles.map((h) => h.close()))
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}
