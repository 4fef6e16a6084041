import { connect, type Socket } from 'node:net'

/** The last line of an SMTP reply (`250 OK`); its `250-…` continuation lines before it belong to the same reply. */
const REPLY = /^(\d{3}) (.*)\r?\n/m

export interface MailMessage {
  from: string
  to: string
  subject: string
  text: string
}

/**
 * A minimal SMTP client over node:net (plain SMTP, optional AUTH PLAIN; no STARTTLS), enough for a relay
 * on the local network. `smtpUrl` is `smtp://[user:pass@]host[:port]`. Rejects on any non-2xx/3xx reply.
 */
export async function sendMail(smtpUrl: string, msg: MailMessage, timeoutMs = 10_000): Promise<void> {
  const url = new URL(smtpUrl)
  const socket = connect({ host: url.hostname, port: Number(url.port || 25) })
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error('SMTP timeout')))
  const replies = replyReader(socket)
  try {
    await expect(replies, 220)
    await command(socket, replies, `EHLO ${hostnameOf(msg.from)}`, 250)
    if (url.username) {
      const auth = Buffer.from(`\0${decodeURIComponent(url.username)}\0${decodeURIComponent(url.password)}`).toString(
        'base64',
      )
      await command(socket, replies, `AUTH PLAIN ${auth}`, 235)
    }
    await command(socket, replies, `MAIL FROM:<${msg.from}>`, 250)
    await command(socket, replies, `RCPT TO:<${msg.to}>`, 250)
    await command(socket, replies, 'DATA', 354)
    await command(socket, replies, `${formatMessage(msg)}\r\n.`, 250)
    socket.write('QUIT\r\n')
  } finally {
    socket.end()
  }
}

const hostnameOf = (address: string) => address.split('@')[1] ?? 'localhost'

/** RFC 5322 message with a UTF-8 subject; lines starting with "." are dot-stuffed. */
export function formatMessage(msg: MailMessage): string {
  const subject = `=?UTF-8?B?${Buffer.from(msg.subject).toString('base64')}?=`
  const body = msg.text.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..')
  return [
    `From: <${msg.from}>`,
    `To: <${msg.to}>`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
  ].join('\r\n')
}

type Reader = () => Promise<{ code: number; text: string }>

/** Yields complete replies; a multi-line reply (`250-…`) ends at the line with a space after the code. */
function replyReader(socket: Socket): Reader {
  let buffer = ''
  const queue: { code: number; text: string }[] = []
  const waiters: { resolve: (r: { code: number; text: string }) => void; reject: (e: Error) => void }[] = []
  let failure: Error | undefined
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => {
    buffer += chunk
    for (let m = REPLY.exec(buffer); m; m = REPLY.exec(buffer)) {
      const end = m.index + m[0].length
      const reply = { code: Number(m[1]), text: buffer.slice(0, end).trim() }
      buffer = buffer.slice(end)
      const w = waiters.shift()
      if (w) w.resolve(reply)
      else queue.push(reply)
    }
  })
  const fail = (err: Error) => {
    failure = err
    for (const w of waiters.splice(0)) w.reject(err)
  }
  socket.on('error', fail)
  socket.on('close', () => fail(new Error('SMTP connection closed')))
  return () => {
    const next = queue.shift()
    if (next) return Promise.resolve(next)
    if (failure) return Promise.reject(failure)
    return new Promise((resolve, reject) => waiters.push({ resolve, reject }))
  }
}

async function expect(read: Reader, code: number) {
  const reply = await read()
  if (reply.code !== code) throw new Error(`SMTP: expected ${code}, got ${reply.text.slice(0, 200)}`)
}

async function command(socket: Socket, read: Reader, line: string, code: number) {
  socket.write(`${line}\r\n`)
  await expect(read, code)
}
