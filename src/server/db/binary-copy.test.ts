import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDb } from '../testing/test-db'
import { binaryCopyFirstColumn, copyOutFirstColumn } from './binary-copy'
import type { DbHandle } from './client'

describe('binary COPY reads', () => {
  let handle: DbHandle
  beforeAll(async () => {
    handle = await testDb()
    await handle.execScript('CREATE TABLE copy_probe (seq int, data bytea, note text)')
  })
  afterAll(() => handle?.close())

  it('brings bytea values back byte for byte (every byte value, empty, NULL, several rows)', async () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
    const big = randomBytes(300_000)
    await handle.query('INSERT INTO copy_probe VALUES (1, $1, $2), (2, $3, $2), (3, $4, $2), (4, NULL, $2)', [
      all,
      'x',
      big,
      Buffer.alloc(0),
    ])
    const values = await copyOutFirstColumn(handle.pool, 'SELECT data, note FROM copy_probe ORDER BY seq')
    expect(values).toHaveLength(4)
    expect(values[0]?.equals(all)).toBe(true)
    expect(values[1]?.equals(big)).toBe(true)
    expect(values[2]?.length).toBe(0)
    expect(values[3]).toBeNull()
    expect(await copyOutFirstColumn(handle.pool, 'SELECT data FROM copy_probe WHERE seq = 99')).toEqual([])
  })

  it('reports a failing query and leaves the pool usable', async () => {
    await expect(copyOutFirstColumn(handle.pool, 'SELECT data FROM no_such_table')).rejects.toThrow(/no_such_table/)
    const [one] = await handle.query<{ n: number }>('SELECT 1 AS n')
    expect(one.n).toBe(1)
  })

  it('refuses what is not a whole binary COPY stream', () => {
    expect(() => binaryCopyFirstColumn(Buffer.from('hello'))).toThrow(/not a binary COPY/)
    const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)])
    const row = Buffer.alloc(6)
    row.writeInt16BE(1, 0)
    row.writeInt32BE(10, 2)
    expect(() => binaryCopyFirstColumn(Buffer.concat([header, row, Buffer.from('abc')]))).toThrow(/cut short/)
    expect(() => binaryCopyFirstColumn(header)).toThrow(/cut short/)
  })
})
