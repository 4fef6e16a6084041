import { EventEmitter } from 'node:events'
import { LIVE_INCIDENTS_LISTED, type LiveEvent } from '../../../contract/live-events'
import type { Tx } from '../../db/client'
import type { PgBus } from '../../lib/pg-bus'

/** Broadcast channel of live incident and war-room events: every replica hears every tenant's. */
const LIVE_CHANNEL = 'oc_live_events'

interface Delivery {
  tenantId: string
  event: LiveEvent
}

/**
 * Fan-out of a tenant's live incident and war-room events to the SSE streams of every replica. An event is
 * published in the transaction of the change (PostgreSQL's NOTIFY is delivered at commit), so it exists
 * exactly when the change does, whichever replica made it and whatever happens to that replica afterwards.
 */
export class LiveEvents {
  private readonly emitter = new EventEmitter()

  constructor(private readonly bus: PgBus) {
    this.emitter.setMaxListeners(0)
    bus.subscribe(LIVE_CHANNEL, (m) => {
      const { tenantId, event } = m as Delivery
      this.emitter.emit(tenantId, event)
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

  private publish(tx: Tx, tenantId: string, event: LiveEvent) {
    return this.bus.publishInTx(tx, LIVE_CHANNEL, { tenantId, event } satisfies Delivery)
  }

  /** `fn` hears the tenant's events from every replica until the returned function is called. */
  subscribe(tenantId: string, fn: (e: LiveEvent) => void): () => void {
    this.emitter.on(tenantId, fn)
    return () => this.emitter.off(tenantId, fn)
  }
}
