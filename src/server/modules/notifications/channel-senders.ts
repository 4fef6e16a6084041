import { createHmac } from 'node:crypto'
import type { ChannelKind } from '../../../contract/notification-channels'
import type { Mailer } from './mailer'

/** One message to one channel. `url` is absolute (PUBLIC_URL + the console link to act on it). */
export interface ChannelMessage {
  event: string
  subject: string
  text: string
  url: string
}

/** Header of `generic` webhooks: `sha256=` + hex HMAC-SHA256 of the raw body with the channel's secret. */
export const SIGNATURE_HEADER = 'x-signature-256'

export function signBody(secret: string, body: string) {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

/** The robots' own text-message shapes, and the generic JSON event. */
export function webhookPayload(kind: Exclude<ChannelKind, 'email'>, m: ChannelMessage, now = Date.now()) {
  const content = `${m.subject}\n${m.text}\n${m.url}`
  switch (kind) {
    case 'dingtalk':
    case 'wecom':
      return { msgtype: 'text', text: { content } }
    case 'welink':
      return { messageType: 'text', content: { text: content } }
    case 'lark':
      return { msg_type: 'text', content: { text: content } }
    case 'slack':
      return { text: `*${m.subject}*\n${m.text}\n<${m.url}|Open in the console>` }
    case 'generic':
      return { event: m.event, subject: m.subject, text: m.text, url: m.url, sent_at: new Date(now).toISOString() }
  }
}

/** DingTalk's signed robots: `timestamp` and `sign` (base64 HMAC-SHA256 of "timestamp\nsecret") in the query. */
function dingTalkUrl(url: string, secret: string, now: number) {
  const sign = createHmac('sha256', secret).update(`${now}\n${secret}`).digest('base64')
  const u = new URL(url)
  u.searchParams.set('timestamp', String(now))
  u.searchParams.set('sign', sign)
  return u.toString()
}

/** Lark's signed bots: `timestamp` (s) and `sign` = base64 HMAC-SHA256 keyed by "timestamp\nsecret" of "". */
function larkSigned(body: object, secret: string, now: number) {
  const timestamp = String(Math.floor(now / 1000))
  const sign = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64')
  return { timestamp, sign, ...body }
}

/**
 * Sends one message now; throws with the reason when the channel did not take it (HTTP status, or the robot's
 * own error code in a 200 answer, as DingTalk, WeCom and Lark report failures).
 */
export async function sendToChannel(
  kind: ChannelKind,
  target: string,
  secret: string | null,
  m: ChannelMessage,
  mailer: Mailer,
) {
  if (kind === 'email') {
    await mailer.send({ to: target, subject: m.subject, text: `${m.text}\n\n${m.url}\n` })
    return
  }
  const now = Date.now()
  let payload: object = webhookPayload(kind, m, now)
  let url = target
  if (kind === 'dingtalk' && secret) url = dingTalkUrl(target, secret, now)
  if (kind === 'lark' && secret) payload = larkSigned(payload, secret, now)
  const body = JSON.stringify(payload)
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (kind === 'generic' && secret) headers[SIGNATURE_HEADER] = signBody(secret, body)
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) })
  const answer = await res.text()
  if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`)
  const code = robotError(answer)
  if (code) throw new Error(`webhook refused the message: ${code}`)
}

/** `errcode`/`code` ≠ 0 in a robot's JSON answer; null for anything else (Slack answers plain `ok`). */
function robotError(answer: string): string | null {
  try {
    const j = JSON.parse(answer) as { errcode?: number; errmsg?: string; code?: number; msg?: string }
    if (typeof j.errcode === 'number' && j.errcode !== 0) return `${j.errcode} ${j.errmsg ?? ''}`.trim()
    if (typeof j.code === 'number' && j.code !== 0) return `${j.code} ${j.msg ?? ''}`.trim()
  } catch {
    // not JSON: the HTTP status said it all
  }
  return null
}
