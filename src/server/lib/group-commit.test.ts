import { describe, expect, it } from 'vitest'
import { GroupCommit } from './group-commit'

describe('GroupCommit', () => {
  it('writes calls submitted together in one batch and gives each caller its own result', async () => {
    const batches: number[][] = []
    const gc = new GroupCommit<number, number>(async (items) => {
      batches.push(items)
      return items.map((i) => i * 10)
    })
    const results = await Promise.all([1, 2, 3, 4].map((i) => gc.submit(i)))
    expect(results).toEqual([10, 20, 30, 40])
    expect(batches).toEqual([[1, 2, 3, 4]])
  })

  it('queues calls arriving during a batch for the next one, and caps the batch size', async () => {
    const batches: number[][] = []
    let release!: () => void
    const gate = new Promise<void>((r) => {
      release = r
    })
    const gc = new GroupCommit<number, number>(async (items) => {
      batches.push(items)
      if (batches.length === 1) await gate
      return items
    }, 2)
    const first = gc.submit(1)
    await new Promise((r) => setImmediate(r))
    const later = [2, 3, 4].map((i) => gc.submit(i))
    release()
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4])
    expect(batches).toEqual([[1], [2, 3], [4]])
    await gc.idle()
  })

  it('retries a failed batch item by item, so only the bad item fails', async () => {
    const calls: number[][] = []
    const gc = new GroupCommit<number, string>(async (items) => {
      calls.push(items)
      if (items.includes(2)) throw new Error(`bad ${items.join(',')}`)
      return items.map(String)
    })
    const settled = await Promise.allSettled([1, 2, 3].map((i) => gc.submit(i)))
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe('bad 2')
    expect(calls).toEqual([[1, 2, 3], [1], [2], [3]])
  })

  it('keeps working after a failure and reports idle once drained', async () => {
    let fail = true
    const gc = new GroupCommit<number, number>(async (items) => {
      if (fail) throw new Error('down')
      return items
    })
    await expect(gc.submit(1)).rejects.toThrow('down')
    fail = false
    const pending = gc.submit(2)
    await gc.idle()
    await expect(pending).resolves.toBe(2)
  })

  it('writes up to maxInFlight batches at once, the next one from what queued meanwhile', async () => {
    const batches: number[][] = []
    const gates: (() => void)[] = []
    let busy = 0
    let most = 0
    const gc = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items)
        most = Math.max(most, ++busy)
        await new Promise<void>((r) => gates.push(r))
        busy--
        return items
      },
      500,
      2,
    )
    const first = gc.submit(1)
    await new Promise((r) => setImmediate(r))
    const second = gc.submit(2)
    await new Promise((r) => setImmediate(r))
    const third = [3, 4].map((i) => gc.submit(i))
    await new Promise((r) => setImmediate(r))
    expect(batches).toEqual([[1], [2]])
    while (batches.length < 3 || gates.length) {
      gates.shift()?.()
      await new Promise((r) => setImmediate(r))
    }
    expect(await Promise.all([first, second, ...third])).toEqual([1, 2, 3, 4])
    expect(batches).toEqual([[1], [2], [3, 4]])
    expect(most).toBe(2)
    await gc.idle()
  })
})
