import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cocClient, inboxLinks, scriptBody } from '../../testing/script-fixtures'
import { loginAs, testApp } from '../../testing/test-app'

const closers: (() => void)[] = []
afterEach(() => {
  for (const c of closers.splice(0)) c()
})

/** A chat webhook that answers `statuses[i]` to the i-th call (then the last one), recording when it was hit. */
async function webhook(statuses: number[]) {
  const hits: { at: number; body: string }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      hits.push({ at: Date.now(), body })
      res.statusCode = statuses[Math.min(hits.length - 1, statuses.length - 1)]
      res.end('{}')
    })
  })
  closers.push(() => server.close())
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot`, hits }
}

const reviewed = (protocol: string) =>
  scriptBody({
    properties: {
      risk_level: 'LOW',
      version: '1',
      protocol,
      reviewers: [{ reviewer_name: 'reviewer', reviewer_id: '' }],
    },
  })

describe('review notifications on the job queue', () => {
  it('posts the review link to the chat webhook once the round commits, and records it as sent', async () => {
    const hook = await webhook([200])
    const app = await testApp({ config: { webhooks: { DING_TALK: hook.url } } })
    const uuid = (await (await cocClient(app)).create(reviewed('DING_TALK'))).json().data
    await vi.waitFor(() => expect(hook.hits).toHaveLength(1), { timeout: 15_000, interval: 100 })
    const { items } = await inboxLinks(app, 'reviewer', 'reviewer-demo-1')
    const link = items.find((i) => i.kind === 'script.review-requested')!.link!
    expect(JSON.parse(hook.hits[0].body).text.content).toContain(link)
    const rows = await app.services.handle.query<{
      status: string
      attempts: number
      target_id: string
      sealed_body: string
    }>('SELECT status, attempts, target_id, sealed_body FROM notification_deliveries')
    await vi.waitFor(async () =>
      expect(
        (await app.services.handle.query<{ status: string }>('SELECT status FROM notification_deliveries'))[0].status,
      ).toBe('sent'),
    )
    expect(rows[0].target_id).toBe(uuid)
    // The link is a credential: stored sealed, never readable in the table.
    expect(rows[0].sealed_body).not.toContain(link.replace('/review/', ''))
  }, 60_000)

  it('retries a failing webhook with growing delays, then marks it failed and tells the author in the inbox', async () => {
    const hook = await webhook([500])
    const app = await testApp({ config: { webhooks: { WECHAT: hook.url }, notifyMaxAttempts: 3 } })
    await (await cocClient(app)).create(reviewed('WECHAT'))
    const delivery = async () =>
      (
        await app.services.handle.query<{ status: string; attempts: number; last_error: string }>(
          'SELECT status, attempts, last_error FROM notification_deliveries',
        )
      )[0]
    await vi.waitFor(async () => expect(await delivery()).toMatchObject({ status: 'retrying', attempts: 1 }), {
      timeout: 15_000,
      interval: 100,
    })
    await vi.waitFor(async () => expect((await delivery()).status).toBe('failed'), { timeout: 40_000, interval: 200 })
    expect(await delivery()).toEqual({ status: 'failed', attempts: 3, last_error: 'webhook answered HTTP 500' })
    expect(hook.hits).toHaveLength(3)
    // graphile-worker backs off exponentially: e^1 ≈ 2.7 s, then e^2 ≈ 7.4 s.
    const gaps = [hook.hits[1].at - hook.hits[0].at, hook.hits[2].at - hook.hits[1].at]
    expect(gaps[0]).toBeGreaterThan(2_000)
    expect(gaps[1]).toBeGreaterThan(6_000)
    expect(gaps[1]).toBeGreaterThan(gaps[0] * 2)
    // Visible: the author (operator) hears about it in the inbox; the job is done, not retried forever.
    const { items } = await inboxLinks(app, 'operator', 'operator-demo-1')
    expect(items.find((i) => i.kind === 'notification.failed')).toMatchObject({
      title: 'Review request to reviewer over WeChat failed',
      body: expect.stringContaining('3 attempts, last error: webhook answered HTTP 500'),
      // The reader's console renders these in their language.
      phrases: {
        title: { key: 'notification.failed', params: { recipient: 'reviewer', channel: 'WECHAT' } },
        body: { key: 'notification.failed.body', params: expect.objectContaining({ attempts: 3 }) },
      },
    })
    const [{ n }] = await app.services.handle.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM graphile_worker._private_jobs',
    )
    expect(n).toBe(0)
    // And in the admin view (operators may not read it).
    const url = '/api/notification-deliveries?status=failed'
    const listed = await app.inject({ method: 'GET', url, headers: await loginAs(app) })
    expect(listed.json()).toMatchObject({
      total: 1,
      items: [
        {
          channel: 'WECHAT',
          recipient: 'reviewer',
          status: 'failed',
          attempts: 3,
          lastError: 'webhook answered HTTP 500',
        },
      ],
    })
    expect(listed.body).not.toContain('/review/')
    const operator = await loginAs(app, 'operator', 'operator-demo-1')
    expect((await app.inject({ method: 'GET', url, headers: operator })).statusCode).toBe(403)
  }, 90_000)
})
