import { composed, phrase } from '../../../contract/inbox-text'
import type { Db, Tx } from '../../db/client'
import type { DeliveryStatus } from '../../db/schema'
import type { JobLog } from '../../jobs/job-logger'
import type { JobQueue } from '../../jobs/job-queue'
import type { Keyring } from '../../lib/keyring'
import type { InboxService } from '../inbox/inbox.service'
import type { DeliveriesService } from '../notifications/deliveries.service'
import type { ReviewDelivery, ReviewNotifier } from './review-notifier'

/** Protocols that reach nobody outside the console: the inbox message is the whole notification. */
const INBOX_ONLY = new Set(['DEFAULT', 'NOT_TO_NOTIFY'])

/**
 * Review requests over e-mail and chat webhooks as durable jobs. `enqueue` runs in the transaction that opens
 * the review round: a delivery row and its `review-notification` job commit with it, or not at all. The job
 * (`run`) sends; a failure is retried by graphile-worker with exponential backoff (about 3 s, 7 s, 20 s, 55 s …)
 * up to NOTIFY_MAX_ATTEMPTS, each attempt recorded on the row; a final failure is posted to the inbox of the
 * user who asked for the review, so it is seen rather than only logged.
 */
export class ReviewDeliveries {
  constructor(
    private readonly db: Db,
    private readonly deliveries: DeliveriesService,
    private readonly jobs: JobQueue,
    private readonly notifier: ReviewNotifier,
    private readonly inbox: InboxService,
    private readonly keyring: Keyring,
    private readonly options: { maxAttempts: number },
    private readonly log: JobLog,
  ) {}

  async enqueue(
    tx: Tx,
    round: { tenantId: string; requestedBy: string | null; scriptUuid: string },
    deliveries: ReviewDelivery[],
  ) {
    for (const d of deliveries) {
      if (INBOX_ONLY.has(d.protocol)) continue
      const deliveryId = await this.deliveries.add(tx, {
        tenantId: round.tenantId,
        kind: 'script.review-requested',
        channel: d.protocol,
        recipient: d.to.username,
        recipientEmail: d.to.email,
        subject: d.subject,
        sealedBody: this.keyring.encrypt(JSON.stringify({ text: d.text, url: d.url })),
        requestedBy: round.requestedBy,
        targetType: 'script',
        targetId: round.scriptUuid,
      })
      await this.jobs.add(tx, 'review-notification', { deliveryId }, { maxAttempts: this.options.maxAttempts })
    }
  }

  /** The tenant's deliveries, newest first (the admin view of what was sent, is retried, or failed). */
  async list(tenantId: string, q: { page: number; pageSize: number; status?: DeliveryStatus }) {
    const { rows, total } = await this.deliveries.list(tenantId, q)
    return {
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        channel: r.channel,
        recipient: r.recipient,
        subject: r.subject,
        targetType: r.targetType,
        targetId: r.targetId,
        status: r.status,
        attempts: r.attempts,
        lastError: r.lastError,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    }
  }

  /** One attempt of the `review-notification` job; throws to have the queue retry it later. */
  async run(deliveryId: string, attempt: number, maxAttempts: number) {
    const row = await this.deliveries.byId(deliveryId)
    // Gone (retention) or already settled by an earlier attempt whose completion was not recorded.
    if (!row || row.status === 'sent' || row.status === 'skipped' || row.status === 'failed') return
    const body = JSON.parse(this.keyring.decrypt(row.sealedBody)) as { text: string; url: string }
    const result = await this.notifier.deliver({
      protocol: row.channel as ReviewDelivery['protocol'],
      to: { username: row.recipient, email: row.recipientEmail },
      subject: row.subject,
      text: body.text,
      url: body.url,
    })
    const final = result.status !== 'failed' || attempt >= maxAttempts
    const status = result.status === 'failed' ? (final ? 'failed' : 'retrying') : result.status
    await this.db.transaction(async (tx) => {
      await this.deliveries.settle(tx, row.id, { status, attempts: attempt, lastError: result.reason ?? null })
      if (status === 'failed' && row.requestedBy)
        await this.inbox.post(tx, {
          tenantId: row.tenantId,
          recipientId: row.requestedBy,
          kind: 'notification.failed',
          ...composed({
            title: phrase('notification.failed', { recipient: row.recipient, channel: row.channel }),
            body: phrase('notification.failed.body', {
              subject: row.subject,
              attempts: attempt,
              reason: result.reason ?? 'unknown',
            }),
          }),
          link: null,
        })
    })
    this.log.info(
      { channel: row.channel, status, reason: result.reason, reviewer: row.recipient, attempt },
      'review notification',
    )
    if (!final) throw new Error(`${row.channel} to ${row.recipient}: ${result.reason}`)
  }
}
