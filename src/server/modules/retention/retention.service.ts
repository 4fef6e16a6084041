import type { Config } from '../../config'
import type { JobLog } from '../../jobs/job-logger'

/** What retention purges. Each kind's owning module purges one batch of its rows older than `days`. */
export type RetentionTarget =
  | 'ticketLogs'
  | 'alarms'
  | 'audit'
  | 'inbox'
  | 'notificationDeliveries'
  | 'abandonedUploads'
/** One batch of a kind older than `days`, oldest first, in a short statement of its own; how many went. */
export type PurgeBatch = (days: number, batchSize: number) => Promise<number>

export type RetentionPolicy = Omit<Config['retention'], 'cron'>

/**
 * Retention (issue 18), run by the `retention` cron job (RETENTION_CRON) on one replica per slot: ticket
 * logs, alarms, audit and inbox rows older than their period are purged in batches of `batchSize` until none
 * is left. A period of 0 keeps that kind forever. Abandoned upload bytes always go after a day.
 */
export class RetentionService {
  constructor(
    readonly targets: Record<RetentionTarget, PurgeBatch>,
    private readonly policy: RetentionPolicy,
    private readonly log: JobLog,
  ) {}

  async purge(): Promise<Record<RetentionTarget, { purged: number; batches: number }>> {
    const p = this.policy
    const periods: [RetentionTarget, number][] = [
      ['ticketLogs', p.ticketLogDays],
      ['alarms', p.alarmDays],
      ['audit', p.auditDays],
      ['inbox', p.inboxDays],
      // Delivery records are notifications too: they follow the inbox's period.
      ['notificationDeliveries', p.inboxDays],
      // Bytes of an upload that never got its file row (its replica died mid-upload): a day covers any upload.
      ['abandonedUploads', 1],
    ]
    const out = {} as Record<RetentionTarget, { purged: number; batches: number }>
    for (const [target, days] of periods) {
      const tally = { purged: 0, batches: 0 }
      if (days > 0) {
        for (;;) {
          const n = await this.targets[target](days, p.batchSize)
          if (n === 0) break
          tally.purged += n
          tally.batches += 1
          if (n < p.batchSize) break
        }
      }
      out[target] = tally
      if (tally.purged) this.log.info({ target, days, ...tally }, 'retention purged')
    }
    return out
  }
}
