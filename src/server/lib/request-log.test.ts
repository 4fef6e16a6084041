import { Writable } from 'node:stream'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { QuietRequestLog, SLOW_REQUEST_MS } from './request-log'

/** A Fastify app at `level` with the console's request log, and the lines it wrote. */
function appAt(level: string) {
  const lines: { level: number; msg: string; res?: { statusCode: number } }[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l))
      done()
    },
  })
  const app = Fastify({ logger: { level, stream }, logController: new QuietRequestLog() })
  app.get('/ok', async () => ({ ok: true }))
  app.get('/boom', async (_req, reply) => reply.code(503).send({ down: true }))
  app.get('/slow', async () => {
    await new Promise((r) => setTimeout(r, SLOW_REQUEST_MS + 50))
    return { ok: true }
  })
  return { app, lines, msgs: () => lines.map((l) => l.msg) }
}

describe('request log', () => {
  it('keeps ordinary requests out of the info log', async () => {
    const { app, msgs } = appAt('info')
    await app.inject({ method: 'GET', url: '/ok' })
    await app.close()
    expect(msgs()).not.toContain('incoming request')
    expect(msgs()).not.toContain('request completed')
  })

  it('writes both lines at debug', async () => {
    const { app, lines } = appAt('debug')
    await app.inject({ method: 'GET', url: '/ok' })
    await app.close()
    expect(lines.filter((l) => /^(incoming request|request completed)$/.test(l.msg)).map((l) => l.level)).toEqual([
      20, 20,
    ])
  })

  it('writes 5xx and slow requests at info', { timeout: 10_000 }, async () => {
    const { app, lines } = appAt('info')
    await app.inject({ method: 'GET', url: '/boom' })
    await app.inject({ method: 'GET', url: '/slow' })
    await app.close()
    const done = lines.filter((l) => l.msg === 'request completed')
    expect(done.map((l) => [l.level, l.res?.statusCode])).toEqual([
      [30, 503],
      [30, 200],
    ])
  })
})
