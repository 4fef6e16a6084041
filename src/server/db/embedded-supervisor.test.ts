import { describe, expect, it } from 'vitest'
import type { EmbeddedOptions, EmbeddedServer } from './embedded-postgres'
import { superviseEmbedded } from './embedded-supervisor'

/** A stand-in server whose death the test triggers; records stop(). */
function fakeServer(port: number) {
  const listeners: ((why: string) => void)[] = []
  const server = {
    url: `postgres://postgres:pw@127.0.0.1:${port}/postgres`,
    port,
    dataDir: '/data/pg',
    stopped: false,
    stop: async () => {
      server.stopped = true
    },
    onUnexpectedExit: (fn: (why: string) => void) => void listeners.push(fn),
    die: (why: string) => {
      for (const fn of listeners) fn(why)
    },
  }
  return server satisfies EmbeddedServer
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25))
  expect(cond()).toBe(true)
}

describe('superviseEmbedded', () => {
  it('starts a server that died again on the same port and data, retrying a start that fails', async () => {
    const first = fakeServer(41000)
    const calls: EmbeddedOptions[] = []
    const second = fakeServer(41000)
    let failures = 1
    const lines: string[] = []
    const db = superviseEmbedded(
      first,
      { dataDir: '/data/pg', port: 0 },
      (l) => lines.push(l),
      async (opts) => {
        calls.push(opts)
        if (failures-- > 0) throw new Error('pre-existing shared memory block is still in use')
        return second
      },
    )
    expect(db.current).toBe(first)
    first.die('SIGKILL')
    await until(() => db.restarts === 1)
    expect(db.current).toBe(second)
    // The port is the one the replicas' DATABASE_URL names, not a new free one.
    expect(calls).toEqual([
      { dataDir: '/data/pg', port: 41000 },
      { dataDir: '/data/pg', port: 41000 },
    ])
    expect(lines.join('\n')).toMatch(/stopped unexpectedly \(SIGKILL\)[\s\S]*shared memory[\s\S]*running again/)
    // It keeps watching the new server too.
    const third = fakeServer(41000)
    calls.length = 0
    const db2 = superviseEmbedded(
      second,
      { dataDir: '/data/pg' },
      () => {},
      async () => third,
    )
    second.die('exit code 1')
    await until(() => db2.current === third)
    await db.stop()
    await db2.stop()
    expect(third.stopped).toBe(true)
  })

  it('stops trying when the console stops, without waiting out the delay', async () => {
    const first = fakeServer(41001)
    let tries = 0
    const db = superviseEmbedded(
      first,
      { dataDir: '/data/pg' },
      () => {},
      async () => {
        tries++
        throw new Error('no')
      },
    )
    first.die('SIGKILL')
    await until(() => tries >= 2) // 0.5 s apart, then 1 s: stop() lands in a wait
    const t = Date.now()
    await db.stop()
    expect(Date.now() - t).toBeLessThan(500)
    const after = tries
    await new Promise((r) => setTimeout(r, 1200))
    expect(tries).toBe(after)
    expect(first.stopped).toBe(true) // the dead server's stop() is harmless (see embedded-postgres.ts)
  })
})
