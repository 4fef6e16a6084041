import { describe, expect, it } from 'vitest'
import { fetchAllPages } from './fetch-all-pages'

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
