import { EventEmitter } from 'node:events'
import type { ExecutionEvent } from '../../../contract/execution-events'
import { TERMINAL_ORDER } from '../../../contract/execution-rules'
import { type Log, SILENT_LOG } from '../../lib/log'
import type { PgBus } from '../../lib/pg-bus'

/** Broadcast channel of live ticket events: every replica hears every ticket's events. */
const EVENTS_CHANNEL = 'oc_execution_events'

/**
 * Fan-out of live ticket events to SSE subscribers, keyed by tenant and execute_uuid so a subscriber only
 * hears its own ticket. With a bus, events travel through PostgreSQL to the subscribers of every replica
 * (the driver of a ticket and its watchers may be on different replicas); without one, in-process only.
 */
export class ExecutionEvents {
  private readonly emitter = new EventEmitter()
  /** Last status seen per ticket, so each transition is logged once (ticket events also carry progress). */
  private readonly statuses = new Map<string, string>()

  constructor(
    private readonly log: Log = SILENT_LOG,
    private readonly bus?: PgBus,
  ) {
    this.emitter.setMaxListeners(0)
    bus?.subscribe(EVENTS_CHANNEL, (m) => {
      const { tenantId, event } = m as { tenantId: string; event: ExecutionEvent }
      this.deliver(tenantId, event)
    })
  }

  /** Logged by the emitting replica (the ticket's driver), delivered to the subscribers of every replica. */
  emit(tenantId: string, event: ExecutionEvent) {
    if (event.type === 'ticket' && this.statuses.get(event.executeUuid) !== event.status) {
      const from = this.statuses.get(event.executeUuid) ?? null
      this.log.info({ tenantId, executeUuid: event.executeUuid, from, to: event.status }, 'ticket transition')
      if (TERMINAL_ORDER.includes(event.status)) this.statuses.delete(event.executeUuid)
      else this.statuses.set(event.executeUuid, event.status)
    }
    if (this.bus) this.bus.publish(EVENTS_CHANNEL, { tenantId, event })
    else this.deliver(tenantId, event)
  }

  private deliver(tenantId: string, event: ExecutionEvent) {
    this.emitter.emit(`${tenantId}:${event.executeUuid}`, event)
  }

  subscribe(tenantId: string, executeUuid: string, fn: (e: ExecutionEvent) => void): () => void {
    const key = `${tenantId}:${executeUuid}`
    this.emitter.on(key, fn)
    return () => this.emitter.off(key, fn)
  }
}
