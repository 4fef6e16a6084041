import { and, eq } from 'drizzle-orm'
import type { OrderStatus } from '../../../contract/execution-rules'
import type { Db, Tx } from '../../db/client'
import { ticketSubscriptions } from '../../db/schema'
import type { JobQueue } from '../../jobs/job-queue'
import type { Principal } from '../../lib/principal'
import type { ExecutionsService } from '../executions/executions.service'
import type { UsersService } from '../identity/users.service'
import type { Notifier } from './notifier'

const WORDS: Partial<Record<OrderStatus, string>> = {
  PAUSED: 'paused and waits for CONTINUE',
  FINISHED: 'finished',
  ABNORMAL: 'stopped ABNORMAL',
}

/**
 * Ticket subscriptions: the creator of a ticket and its subscribers are told (inbox and their low-urgency
 * channels) when it pauses, finishes or goes ABNORMAL. The engine's step queues a `ticket-notification`
 * job in its own transaction; the job fans out.
 */
export class TicketSubscriptionsService {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobQueue,
    private readonly executions: Pick<ExecutionsService, 'get' | 'orderById'>,
    private readonly users: Pick<UsersService, 'tenantUsers'>,
    private readonly notifier: Notifier,
  ) {}

  async get(principal: Principal, uuid: string) {
    const order = await this.executions.get(principal, uuid)
    const [row] = await this.db
      .select()
      .from(ticketSubscriptions)
      .where(and(eq(ticketSubscriptions.orderUuid, order.uuid), eq(ticketSubscriptions.userId, principal.userId)))
    return {
      subscribed: !!row || order.creatorId === principal.userId,
      isCreator: order.creatorId === principal.userId,
    }
  }

  async set(principal: Principal, uuid: string, on: boolean) {
    const order = await this.executions.get(principal, uuid)
    if (on)
      await this.db
        .insert(ticketSubscriptions)
        .values({ tenantId: principal.tenantId, orderUuid: order.uuid, userId: principal.userId })
        .onConflictDoNothing()
    else
      await this.db
        .delete(ticketSubscriptions)
        .where(and(eq(ticketSubscriptions.orderUuid, order.uuid), eq(ticketSubscriptions.userId, principal.userId)))
    return this.get(principal, uuid)
  }

  /** In the engine step's transaction (ExecutionsRepository.onStatusInTx). */
  async onStatus(tx: Tx, orderId: number, status: OrderStatus) {
    await this.jobs.add(tx, 'ticket-notification', { orderId, status }, { maxAttempts: 5 })
  }

  /** The `ticket-notification` job. */
  async run(orderId: number, status: OrderStatus) {
    const order = await this.executions.orderById(orderId)
    if (!order || !WORDS[status]) return
    const subs = await this.db
      .select({ userId: ticketSubscriptions.userId })
      .from(ticketSubscriptions)
      .where(eq(ticketSubscriptions.orderUuid, order.uuid))
    const ids = [...new Set([...(order.creatorId ? [order.creatorId] : []), ...subs.map((s) => s.userId)])]
    const people = (await this.users.tenantUsers(order.tenantId, ids)).filter((u) => !u.disabled)
    if (!people.length) return
    await this.db.transaction((tx) =>
      this.notifier.notify(tx, people, {
        tenantId: order.tenantId,
        kind: `ticket.${status.toLowerCase()}`,
        title: `Ticket ${order.uuid} (${order.scriptName}) ${WORDS[status]}`,
        body: order.message || `Script ${order.scriptName}: ${WORDS[status]}.`,
        link: `/tickets/${encodeURIComponent(order.uuid)}`,
        urgency: 'low',
        targetType: 'ticket',
        targetId: order.uuid,
      }),
    )
  }
}
