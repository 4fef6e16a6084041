import { createServer as createHttpServer } from 'node:http'
import { createServer, type AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { ReviewNotifier, type ReviewDelivery } from './review-notifier'

const closers: (() => void)[] = []
afterEach(() => {
  for (const c of closers.splice(0)) c()
})
const log = { info: () => {}, warn: () => {} }
const delivery = (protocol: ReviewDelivery['protocol'], email: string | null = 'rui@example.test'): ReviewDelivery => ({
  protocol,
  to: { username: 'reviewer', email },
  subject: 'Review script 巡检',
  text: 'Please review.\n.leading dot',
  url: 'http://console/review/tok',
})

/** A tiny SMTP server that accepts one message and records the conversation. */
function fakeSmtp() {
  const lines: string[] = []
  const server = createServer((socket) => {
    let inData = false
    let buf = ''
    socket.write('220 fake ESMTP\r\n')
    socket.on('data', (chunk) => {
      buf += chunk.toString()
      for (let i = buf.indexOf('\r\n'); i >= 0; i = buf.indexOf('\r\n')) {
        const line = buf.slice(0, i)
        buf = buf.slice(i + 2)
        lines.push(line)
        if (inData) {
          if (line === '.') {
            inData = false
            socket.write('250 queued\r\n')
          }
        } else if (line.startsWith('EHLO')) socket.write('250-fake\r\n250 AUTH PLAIN\r\n')
        else if (line.startsWith('AUTH')) socket.write('235 ok\r\n')
        else if (line === 'DATA') {
          inData = true
          socket.write('354 go\r\n')
        } else if (line === 'QUIT') socket.end('221 bye\r\n')
        else socket.write('250 ok\r\n')
      }
    })
  })
  closers.push(() => server.close())
  return new Promise<{ port: number; lines: string[] }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, lines })),
  )
}

describe('review notifier', () => {
  it('sends nothing over channels that are not configured, and says so', async () => {
    const n = new ReviewNotifier({ smtpUrl: undefined, smtpFrom: 'oc@x', webhooks: {} }, log)
    expect(await n.deliver(delivery('EMAIL'))).toEqual({
      channel: 'EMAIL',
      status: 'skipped',
      reason: 'SMTP_URL is not configured',
    })
    expect((await n.deliver(delivery('WECHAT'))).status).toBe('skipped')
    expect((await n.deliver(delivery('SMS'))).reason).toBe('no SMS provider')
    expect((await n.deliver(delivery('NOT_TO_NOTIFY'))).reason).toBe('inbox only')
  })

  it('sends e-mail over SMTP with AUTH PLAIN, a UTF-8 subject and dot-stuffing', async () => {
    const smtp = await fakeSmtp()
    const n = new ReviewNotifier(
      { smtpUrl: `smtp://u:p@127.0.0.1:${smtp.port}`, smtpFrom: 'oc@example.test', webhooks: {} },
      log,
    )
    expect(await n.deliver(delivery('EMAIL'))).toEqual({ channel: 'EMAIL', status: 'sent' })
    expect(smtp.lines).toEqual(
      expect.arrayContaining([
        'MAIL FROM:<oc@example.test>',
        'RCPT TO:<rui@example.test>',
        '..leading dot',
        'http://console/review/tok',
      ]),
    )
    expect(smtp.lines.find((l) => l.startsWith('Subject:'))).toContain('=?UTF-8?B?')
    expect((await n.deliver(delivery('EMAIL', null))).reason).toContain('no e-mail address')
  })

  it('posts robot webhooks when their URL is set and reports HTTP failures', async () => {
    const bodies: unknown[] = []
    let status = 200
    const server = createHttpServer((req, res) => {
      let b = ''
      req.on('data', (c) => (b += c))
      req.on('end', () => {
        bodies.push(JSON.parse(b))
        res.statusCode = status
        res.end('{}')
      })
    })
    closers.push(() => server.close())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
    const n = new ReviewNotifier(
      { smtpUrl: undefined, smtpFrom: 'oc@x', webhooks: { DING_TALK: url, WE_LINK: url } },
      log,
    )
    const results = await Promise.all([n.deliver(delivery('DING_TALK')), n.deliver(delivery('WE_LINK'))])
    expect(results.map((r) => r.status)).toEqual(['sent', 'sent'])
    expect(bodies).toEqual(
      expect.arrayContaining([
        { msgtype: 'text', text: { content: expect.stringContaining('http://console/review/tok') } },
        { messageType: 'text', content: { text: expect.stringContaining('Please review.') } },
      ]),
    )
    status = 500
    expect(await n.deliver(delivery('DING_TALK'))).toEqual({
      channel: 'DING_TALK',
      status: 'failed',
      reason: 'webhook answered HTTP 500',
    })
  })
})
