import { randomBytes } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { fromPgPool, fromPglite, type DbHandle } from '../db/client'
import { migrate } from '../db/migrate'

let template: Promise<PGlite> | undefined
let pgTemplate: Promise<string> | undefined

/**
 * A fresh migrated database per test. PGlite: `clone()` of a template migrated once per worker (create()
 * costs ~2 s, clone ~0.5 s). With TEST_DATABASE_URL: a new database on that server made from a migrated
 * template database, dropped again on close.
 */
export async function testDb(): Promise<DbHandle> {
  const url = process.env.TEST_DATABASE_URL
  if (url) return testPgDb(url)
  template ??= (async () => {
    const t = await PGlite.create()
    await migrate(fromPglite(t))
    return t
  })()
  return fromPglite((await (await template).clone()) as PGlite)
}

async function testPgDb(url: string): Promise<DbHandle> {
  const admin = new pg.Pool({ connectionString: url, max: 1 })
  pgTemplate ??= (async () => {
    const name = `oc_tmpl_${process.pid}_${randomBytes(3).toString('hex')}`
    await admin.query(`CREATE DATABASE ${name}`)
    const pool = new pg.Pool({ connectionString: withDb(url, name), max: 2 })
    await migrate(fromPgPool(pool))
    await pool.end()
    return name
  })()
  const tmpl = await pgTemplate
  const name = `oc_test_${randomBytes(6).toString('hex')}`
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tmpl}`)
  const handle = fromPgPool(new pg.Pool({ connectionString: withDb(url, name), max: 5 }))
  return {
    ...handle,
    close: async () => {
      await handle.close()
      await admin.query(`DROP DATABASE IF EXISTS ${name}`)
      await admin.end()
    },
  }
}

function withDb(url: string, db: string) {
  const u = new URL(url)
  u.pathname = `/${db}`
  return u.toString()
}
