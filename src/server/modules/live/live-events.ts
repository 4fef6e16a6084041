import { EventEmitter } from 'node:events'
import { LIVE_INCIDENTS_LISTED, type LiveEvent } from '../../../contract/live-events'
import type { Tx } from '../../db/client'
import type { PgBus } from '../../lib/pg-bus'

/** Broadcast channel of live incident and war-room events: every replica hears every tenant's. */
const LIVE_CHANNEL = 'oc_live_events'

interface Delivery {
  tenantId: string
  event: LiveEvent
  /** Only this user's streams hear it (their inbox). */
  userId?: string
}

/**
 * Fan-out of a tenant's live incident and war-room events (and a user's inbox events, to that user's streams
 * only) to the SSE streams of every replica. An event is
 * published in the transaction of the change (PostgreSQL's NOTIFY is delivered at commit), so it exists
 * exactly when the change does, whichever replica made it and whatever happens to that replica afterwards.
 */
export class LiveEvents {
  private readonly emitter = new EventEmitter()

  constructor(private readonly bus: PgBus) {
    this.emitter.setMaxListeners(0)
    bus.subscribe(LIVE_CHANNEL, (m) => {
      const { tenantId, event, userId } = m as Delivery
      this.emitter.emit(tenantId, event, userId)
    })
  }

  /** Incidents created or changed in `tx`, one event per tenant. */
  async incidentsChanged(tx: Tx, changes: { incident: { tenantId: string; incidentNum: string } }[]) {
    const byTenant = new Map<string, Set<string>>()
    for (const { incident } of changes) {
      const nums = byTenant.get(incident.tenantId) ?? new Set()
      nums.add(incident.incidentNum)
      byTenant.set(incident.tenantId, nums)
    }
    for (const [tenantId, nums] of byTenant) {
      const all = [...nums]
      const incidentNums = all.slice(0, LIVE_INCIDENTS_LISTED)
      await this.publish(tx, tenantId, { type: 'incident', incidentNums, more: all.length - incidentNums.length })
    }
  }

  /** A war room changed in `tx` (opened, a note, members, recovery, closed). */
  warRoomChanged(tx: Tx, room: { id: string; tenantId: string; warRoomNum: string }) {
    return this.publish(tx, room.tenantId, { type: 'war-room', warRoomId: room.id, warRoomNum: room.warRoomNum })
  }

  /** A message posted in `tx` to a user's inbox: their streams (on any replica) hear of it, no one else's. */
  inboxPosted(tx: Tx, tenantId: string, userId: string) {
    return this.publish(tx, tenantId, { type: 'inbox' }, userId)
  }

  private publish(tx: Tx, tenantId: string, event: LiveEvent, userId?: string) {
    return this.bus.publishInTx(tx, LIVE_CHANNEL, { tenantId, event, userId } satisfies Delivery)
  }

  /** `fn` hears the tenant's events, and `userId`'s own, from every replica until the returned function is called. */
  subscribe(tenantId: string, userId: string | null, fn: (e: LiveEvent) => void): () => void {
    const listener = (e: LiveEvent, to?: string) => {
      if (!to || to === userId) fn(e)
    }
    this.emitter.on(tenantId, listener)
    return () => this.emitter.off(tenantId, listener)
  }
}
