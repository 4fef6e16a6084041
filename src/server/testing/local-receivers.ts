import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface ReceivedPost {
  path: string
  headers: IncomingHttpHeaders
  body: string
}

/**
 * A real HTTP server on 127.0.0.1 that records the webhook posts it gets; `/fail…` paths answer 500, like a
 * robot endpoint that is down. Close it with `close()`.
 */
export async function webhookReceiver() {
  const posts: ReceivedPost[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => {
      body += c
    })
    req.on('end', () => {
      posts.push({ path: req.url ?? '', headers: req.headers, body })
      const failing = req.url?.startsWith('/fail')
      res.writeHead(failing ? 500 : 200, { 'content-type': 'application/json' })
      res.end(failing ? '{"error":"down"}' : '{"errcode":0,"errmsg":"ok"}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export interface ReceivedMail {
  from: string
  to: string[]
  raw: string
  secure: boolean
}

/**
 * A real SMTP server on 127.0.0.1 (npm smtp-server) with STARTTLS on its built-in self-signed certificate and
 * AUTH PLAIN for `user`/`pass`; records every message and whether it came over TLS.
 */
export async function smtpSink() {
  const mails: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: false,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, cb) {
      if (auth.username === 'user' && auth.password === 'pass') cb(null, { user: 'user' })
      else cb(new Error('bad credentials'))
    },
    onData(stream, session, cb) {
      let raw = ''
      stream.setEncoding('utf8')
      stream.on('data', (c: string) => {
        raw += c
      })
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          secure: session.secure,
        })
        cb()
      })
    },
    logger: false,
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://user:pass@127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
