import { eq, getTableColumns, is, sql } from 'drizzle-orm'
import { PgTable } from 'drizzle-orm/pg-core'
import { describe, expect, it } from 'vitest'
import { seedBigTables } from '../testing/big-seed'
import { testApp } from '../testing/test-app'
import { testDb } from '../testing/test-db'
import * as schema from './schema'
import { hostColumns } from '../modules/cmdb/cmdb.repository'
import { countRows, selectColumns, selectJoined, selectPage } from './select-page'

describe('selectColumns / selectPage (list pages without the query builder)', () => {
  it('reads every table of the schema exactly as drizzle reads it: same keys, types and values', async () => {
    const handle = await testDb()
    // The demo seed and the big-table seed fill most tables (hosts, scripts, on-call, incidents, tickets…).
    await testApp({ db: handle })
    await seedBigTables(handle, 60)
    const tables = (Object.values(schema) as unknown[]).filter((t): t is PgTable => is(t, PgTable))
    let compared = 0
    for (const table of tables) {
      const expected = await handle.db.select().from(table).orderBy(sql`ctid`).limit(50)
      const rows = await selectColumns(handle.db, table, getTableColumns(table), undefined, [sql`ctid`], { limit: 50 })
      expect(rows).toEqual(expected)
      expect(await countRows(handle.db, table, undefined)).toBe(
        (await handle.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n,
      )
      if (expected.length) compared++
    }
    // The comparison means something only if many tables (and their column types) had rows.
    expect(compared).toBeGreaterThan(15)
  })

  it('pages with limit and offset under a filter and returns the filtered total', async () => {
    const handle = await testDb()
    await testApp({ db: handle })
    await seedBigTables(handle, 10)
    const { cmdbHosts } = schema
    const all = await handle.db.select().from(cmdbHosts).orderBy(cmdbHosts.id)
    expect(all.length).toBeGreaterThan(4)
    const where = sql`${cmdbHosts.id} <> ${all[0]!.id}`
    const page = await selectPage(handle.db, cmdbHosts, where, [cmdbHosts.id], { limit: 2, offset: 1 })
    expect(page.rows).toEqual(all.slice(2, 4))
    expect(page.total).toBe(all.length - 1)
  })

  it('reads a join exactly as drizzle reads it: whole tables as nested objects, single columns beside them', async () => {
    const handle = await testDb()
    await testApp({ db: handle })
    await seedBigTables(handle, 30)
    const { cmdbHosts, cmdbModules, cmdbSets, cmdbBusinesses } = schema
    const expected = await handle.db
      .select(hostColumns)
      .from(cmdbHosts)
      .innerJoin(cmdbModules, eq(cmdbModules.id, cmdbHosts.moduleId))
      .innerJoin(cmdbSets, eq(cmdbSets.id, cmdbModules.setId))
      .innerJoin(cmdbBusinesses, eq(cmdbBusinesses.id, cmdbModules.bizId))
      .where(sql`${cmdbHosts.id} > 1`)
      .orderBy(cmdbHosts.id)
      .limit(40)
    expect(expected.length).toBeGreaterThan(20)
    const from = sql`${cmdbHosts} inner join ${cmdbModules} on ${cmdbModules.id} = ${cmdbHosts.moduleId}
      inner join ${cmdbSets} on ${cmdbSets.id} = ${cmdbModules.setId}
      inner join ${cmdbBusinesses} on ${cmdbBusinesses.id} = ${cmdbModules.bizId}`
    const rows = await selectJoined(handle.db, from, hostColumns, sql`${cmdbHosts.id} > 1`, [cmdbHosts.id], {
      limit: 40,
    })
    expect(rows).toEqual(expected)
  })
})
