import { describe, expect, it } from 'vitest'
import { fetchAllPages, toCsv } from './csv'

describe('toCsv', () => {
  it('quotes, escapes, neutralises formulas and adds a BOM', () => {
    const csv = toCsv([{ a: 'x,y', b: 'say "hi"', c: '=cmd()' }, { a: null, b: 2, c: '中文' }], [
      { header: 'A', value: (r) => r.a }, { header: 'B', value: (r) => r.b }, { header: 'C', value: (r) => r.c },
    ])
    expect(csv).toBe('\uFEFFA,B,C\r\n"x,y","say ""hi""",\'=cmd()\r\n,2,中文\r\n')
  })
})

describe('fetchAllPages', () => {
  it('walks 1-based pages until the count is reached', async () => {
    const data = Array.from({ length: 250 }, (_, i) => i)
    const seen: number[] = []
    const all = await fetchAllPages(async (offset) => {
      seen.push(offset)
      return { count: 250, items: data.slice((offset - 1) * 100, offset * 100) }
    })
    expect(all).toHaveLength(250)
    expect(seen).toEqual([1, 2, 3])
  })
})
