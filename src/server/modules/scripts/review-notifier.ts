import type { ReviewProtocol } from '../../../contract/scripts'
import type { Config } from '../../config'
import { sendMail } from './smtp-client'

/** One message to one reviewer; queued in the transaction that opens the review round (ReviewDeliveries). */
export interface ReviewDelivery {
  protocol: ReviewProtocol
  to: { username: string; email: string | null }
  subject: string
  text: string
  /** Absolute review link (PUBLIC_URL + /review/<token>). */
  url: string
}

export type DeliveryResult = { channel: string; status: 'sent' | 'skipped' | 'failed'; reason?: string }
type Log = { info: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void }

/**
 * Sends review requests over the script's `protocol`, and only over channels that are configured:
 * EMAIL needs SMTP_URL and an e-mail address; DING_TALK, WE_LINK and WECHAT need their webhook URL.
 * SMS and CALLNOTIFY have no provider here; DEFAULT and NOT_TO_NOTIFY use the inbox only. Nothing is
 * reported as sent that was not. The link is a credential-like secret, so it never goes to the log.
 */
export class ReviewNotifier {
  constructor(
    private readonly config: Pick<Config, 'smtpUrl' | 'smtpFrom' | 'webhooks'>,
    private readonly log: Log,
  ) {}

  /** Sends one message now; the job queue (ReviewDeliveries) calls it and retries failures. */
  async deliver(d: ReviewDelivery): Promise<DeliveryResult> {
    const channel = d.protocol
    try {
      if (channel === 'EMAIL') {
        if (!this.config.smtpUrl) return { channel, status: 'skipped', reason: 'SMTP_URL is not configured' }
        if (!d.to.email) return { channel, status: 'skipped', reason: `${d.to.username} has no e-mail address` }
        await sendMail(this.config.smtpUrl, {
          from: this.config.smtpFrom,
          to: d.to.email,
          subject: d.subject,
          text: `${d.text}\n\n${d.url}\n`,
        })
        return { channel, status: 'sent' }
      }
      if (channel === 'DING_TALK' || channel === 'WE_LINK' || channel === 'WECHAT') {
        const url = this.config.webhooks[channel]
        if (!url) return { channel, status: 'skipped', reason: `${channel} webhook URL is not configured` }
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(webhookBody(channel, `${d.subject}\n${d.text}\n${d.url}`)),
          signal: AbortSignal.timeout(10_000),
        })
        if (!res.ok) return { channel, status: 'failed', reason: `webhook answered HTTP ${res.status}` }
        return { channel, status: 'sent' }
      }
      return {
        channel,
        status: 'skipped',
        reason: channel === 'SMS' || channel === 'CALLNOTIFY' ? `no ${channel} provider` : 'inbox only',
      }
    } catch (err) {
      this.log.warn({ channel, reviewer: d.to.username, error: (err as Error).message }, 'review notification failed')
      return { channel, status: 'failed', reason: (err as Error).message }
    }
  }
}

/** Text message bodies of the robot webhooks (DingTalk and WeCom share one shape). */
export function webhookBody(channel: 'DING_TALK' | 'WE_LINK' | 'WECHAT', content: string) {
  if (channel === 'WE_LINK') return { messageType: 'text', content: { text: content } }
  return { msgtype: 'text', text: { content } }
}
