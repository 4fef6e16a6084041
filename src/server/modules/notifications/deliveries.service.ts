import type { Tx } from '../../db/client'
import type { DeliveryStatus } from '../../db/schema'
import type { DeliveryRow, NewDelivery, NotificationsRepository } from './notifications.repository'

/**
 * The `notification_deliveries` records, one per message the job queue sends: the notifier's pages and ticket
 * notices over users' channels, and the scripts module's review requests over the protocol webhooks (which
 * reach this table only through here). The senders decide what a delivery is; this keeps its row.
 */
export class DeliveriesService {
  constructor(private readonly repo: NotificationsRepository) {}

  /** A pending delivery, in the caller's transaction (its job is queued in the same one); returns its id. */
  async add(tx: Tx, values: NewDelivery): Promise<string> {
    return this.repo.insertDelivery(tx, values)
  }

  async byId(id: string): Promise<DeliveryRow | undefined> {
    return this.repo.deliveryById(id)
  }

  /** Records one attempt's outcome, in the caller's transaction (`lastError` undefined keeps the previous one). */
  async settle(tx: Tx, id: string, outcome: { status: DeliveryStatus; attempts: number; lastError?: string | null }) {
    await this.repo.settleDelivery(tx, id, outcome)
  }

  /** The tenant's deliveries, newest first (the admin view of what was sent, is retried, or failed). */
  async list(tenantId: string, q: { page: number; pageSize: number; status?: DeliveryStatus }) {
    return this.repo.deliveriesPage(tenantId, q)
  }

  /** Deliveries about one target (an incident's pages), newest first. */
  async forTarget(tenantId: string, targetType: string, targetId: string) {
    return this.repo.deliveriesForTarget(tenantId, targetType, targetId)
  }

  /** Retention: one batch of delivery records older than `days`; returns how many went. */
  purgeBatch(days: number, batchSize: number) {
    return this.repo.purgeDeliveries(days, batchSize)
  }
}
