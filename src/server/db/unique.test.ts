import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { ConflictError } from '../lib/errors'
import { testDb } from '../testing/test-db'
import type { DbHandle } from './client'
import { rowsOf } from './insert-json'
import { uniqueOr } from './unique'

describe('uniqueOr', () => {
  let handle: DbHandle
  afterAll(() => handle?.close())

  it('turns a unique index refusing the change into the caller’s error and rolls the change back', async () => {
    handle = await testDb()
    const { db } = handle
    await db.execute(sql`CREATE TABLE uq_probe (name text UNIQUE, n int)`)
    const clash = () => new ConflictError('name taken')
    await uniqueOr(db, clash, (tx) => tx.execute(sql`INSERT INTO uq_probe VALUES ('a', 1)`))
    const again = uniqueOr(db, clash, async (tx) => {
      await tx.execute(sql`INSERT INTO uq_probe VALUES ('b', 2)`)
      await tx.execute(sql`INSERT INTO uq_probe VALUES ('a', 3)`)
    })
    await expect(again).rejects.toThrow(ConflictError)
    await expect(again).rejects.toThrow('name taken')
    const rows = await db.execute(sql`SELECT count(*)::int AS n FROM uq_probe`)
    expect(rowsOf<{ n: number }>(rows)[0].n).toBe(1)
    // Other errors pass through as they are.
    await expect(uniqueOr(db, clash, (tx) => tx.execute(sql`SELECT 1/0`))).rejects.not.toThrow(ConflictError)
  })
})
