import type { InboxPhrases } from '../../../contract/inbox-text'
import type { Urgency } from '../../../contract/notification-channels'
import type { Db, Tx } from '../../db/client'
import type { JobLog } from '../../jobs/job-logger'
import type { JobQueue } from '../../jobs/job-queue'
import type { Keyring } from '../../lib/keyring'
import type { InboxService } from '../inbox/inbox.service'
import type { ChannelsService } from './channels.service'
import type { DeliveriesService } from './deliveries.service'

/** What to tell people; `link` is console-relative (`/incidents/INC…`), made absolute for channels. */
export interface Notice {
  tenantId: string
  /** e.g. `incident.page`, `ticket.paused`. */
  kind: string
  title: string
  body: string
  link: string
  /** What title and body were composed from, so the inbox shows them in the reader's language. */
  phrases?: InboxPhrases
  urgency: Urgency
  targetType: string
  targetId: string
}

export interface Recipient {
  id: string
  username: string
  displayName?: string
}

/** A delivery over a user's channel that failed; `final` once its attempts ran out. */
export interface DeliveryFailure {
  tenantId: string
  targetType: string
  targetId: string
  recipient: string
  channel: string
  reason: string
  attempt: number
  final: boolean
}

/**
 * Notifies users: the console inbox at once (in the caller's transaction) and each of their own channels for
 * the notice's urgency through the job queue (`notification-delivery`), one `notification_deliveries` row per
 * message, retried with backoff up to NOTIFY_MAX_ATTEMPTS. Failures are told to listeners (the paging records
 * them on the incident's timeline).
 */
export class Notifier {
  private readonly failureListeners: ((tx: Tx, f: DeliveryFailure) => Promise<void>)[] = []

  constructor(
    private readonly db: Db,
    private readonly jobs: JobQueue,
    private readonly inbox: InboxService,
    private readonly channels: ChannelsService,
    private readonly deliveries: DeliveriesService,
    private readonly keyring: Keyring,
    private readonly options: { maxAttempts: number; publicUrl: string },
    private readonly log: JobLog,
  ) {}

  onFailure(listener: (tx: Tx, f: DeliveryFailure) => Promise<void>) {
    this.failureListeners.push(listener)
  }

  /** Returns, per recipient, the channels it went to (`inbox` first). */
  async notify(tx: Tx, people: Recipient[], n: Notice, opts: { inbox?: boolean } = {}) {
    const own = await this.channels.forUsers(
      tx,
      people.map((p) => p.id),
      n.urgency,
    )
    const sent: { recipient: Recipient; channels: string[] }[] = []
    for (const p of people) {
      if (opts.inbox !== false)
        await this.inbox.post(tx, {
          tenantId: n.tenantId,
          recipientId: p.id,
          kind: n.kind,
          title: n.title,
          body: n.body,
          link: n.link,
          phrases: n.phrases,
        })
      const mine = own.filter((c) => c.userId === p.id)
      for (const c of mine) {
        const deliveryId = await this.deliveries.add(tx, {
          tenantId: n.tenantId,
          kind: n.kind,
          channel: c.kind,
          channelId: c.id,
          recipient: p.username,
          subject: n.title,
          sealedBody: this.keyring.encrypt(JSON.stringify({ text: n.body, url: this.options.publicUrl + n.link })),
          targetType: n.targetType,
          targetId: n.targetId,
        })
        await this.jobs.add(tx, 'notification-delivery', { deliveryId }, { maxAttempts: this.options.maxAttempts })
      }
      sent.push({ recipient: p, channels: [...(opts.inbox !== false ? ['inbox'] : []), ...mine.map((c) => c.kind)] })
    }
    return sent
  }

  /** One attempt of a `notification-delivery` job; throws to have the queue retry it. */
  async run(deliveryId: string, attempt: number, maxAttempts: number) {
    const row = await this.deliveries.byId(deliveryId)
    if (!row || row.status === 'sent' || row.status === 'skipped' || row.status === 'failed') return
    const channel = row.channelId ? await this.channels.byId(row.channelId) : undefined
    const body = JSON.parse(this.keyring.decrypt(row.sealedBody)) as { text: string; url: string }
    const result = channel
      ? await this.channels.send(channel, { event: row.kind, subject: row.subject, text: body.text, url: body.url })
      : { status: 'skipped' as const, reason: 'the channel was removed' }
    const final = result.status !== 'failed' || attempt >= maxAttempts
    const status = result.status === 'failed' ? (final ? 'failed' : 'retrying') : result.status
    await this.db.transaction(async (tx) => {
      await this.deliveries.settle(tx, row.id, { status, attempts: attempt, lastError: result.reason })
      // The first failure and the last one are told; the retries in between only update the row.
      if (result.status === 'failed' && (attempt === 1 || final))
        for (const l of this.failureListeners)
          await l(tx, {
            tenantId: row.tenantId,
            targetType: row.targetType,
            targetId: row.targetId,
            recipient: row.recipient,
            channel: row.channel,
            reason: result.reason ?? 'unknown',
            attempt,
            final,
          })
    })
    this.log.info(
      { channel: row.channel, status, reason: result.reason, recipient: row.recipient, attempt },
      'notification',
    )
    if (!final) throw new Error(`${row.channel} to ${row.recipient}: ${result.reason}`)
  }

  /** Deliveries about one target (an incident's pages), newest first. */
  forTarget(tenantId: string, targetType: string, targetId: string) {
    return this.deliveries.forTarget(tenantId, targetType, targetId)
  }
}
