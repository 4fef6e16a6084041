import { composed, phrase } from '../../../contract/inbox-text'
import type { OrderStatus } from '../../../contract/execution-rules'
import type { Db, Tx } from '../../db/client'
import type { JobQueue } from '../../jobs/job-queue'
import type { Principal } from '../../lib/principal'
import type { ExecutionsService } from '../executions/executions.service'
import type { UsersService } from '../identity/users.service'
import type { NotificationsRepository } from './notifications.repository'
import type { Notifier } from './notifier'

/** The statuses subscribers are told of (their words are in the inbox phrase table). */
const TOLD: ReadonlySet<OrderStatus> = new Set(['PAUSED', 'FINISHED', 'ABNORMAL'])

/**
 * Ticket subscriptions: the creator of a ticket and its subscribers are told (inbox and their low-urgency
 * channels) when it pauses, finishes or goes ABNORMAL. The engine's step queues a `ticket-notification`
 * job in its own transaction; the job fans out.
 */
export class TicketSubscriptionsService {
  constructor(
    private readonly db: Db,
    private readonly repo: NotificationsRepository,
    private readonly jobs: JobQueue,
    private readonly executions: Pick<ExecutionsService, 'get' | 'orderById'>,
    private readonly users: Pick<UsersService, 'tenantUsers'>,
    private readonly notifier: Notifier,
  ) {}

  async get(principal: Principal, uuid: string) {
    const order = await this.executions.get(principal, uuid)
    const subscribed = await this.repo.isSubscribed(order.uuid, principal.userId)
    return {
      subscribed: subscribed || order.creatorId === principal.userId,
      isCreator: order.creatorId === principal.userId,
    }
  }

  async set(principal: Principal, uuid: string, on: boolean) {
    const order = await this.executions.get(principal, uuid)
    if (on) await this.repo.subscribe({ tenantId: principal.tenantId, orderUuid: order.uuid, userId: principal.userId })
    else await this.repo.unsubscribe(order.uuid, principal.userId)
    return this.get(principal, uuid)
  }

  /** In the engine step's transaction (ExecutionsRepository.onStatusInTx). */
  async onStatus(tx: Tx, orderId: number, status: OrderStatus) {
    await this.jobs.add(tx, 'ticket-notification', { orderId, status }, { maxAttempts: 5 })
  }

  /** The `ticket-notification` job. */
  async run(orderId: number, status: OrderStatus) {
    const order = await this.executions.orderById(orderId)
    if (!order || !TOLD.has(status)) return
    const subs = await this.repo.subscriberIds(order.uuid)
    const ids = [...new Set([...(order.creatorId ? [order.creatorId] : []), ...subs])]
    const people = (await this.users.tenantUsers(order.tenantId, ids)).filter((u) => !u.disabled)
    if (!people.length) return
    await this.db.transaction((tx) =>
      this.notifier.notify(tx, people, {
        tenantId: order.tenantId,
        kind: `ticket.${status.toLowerCase()}`,
        ...composed(
          {
            title: phrase('ticket.status', { ticket: order.uuid, script: order.scriptName, ticketStatus: status }),
            // The ticket's own message (what stopped it) when it has one, else the status in words.
            body: order.message
              ? undefined
              : phrase('ticket.status.body', { script: order.scriptName, ticketStatus: status }),
          },
          order.message ?? '',
        ),
        link: `/tickets/${encodeURIComponent(order.uuid)}`,
        urgency: 'low',
        targetType: 'ticket',
        targetId: order.uuid,
      }),
    )
  }
}
