import { EventEmitter } from 'node:events'
import type { ExecutionEvent } from '../../../contract/execution-events'
import { TERMINAL_ORDER } from '../../../contract/execution-rules'
import { type Log, SILENT_LOG } from '../../lib/log'

/**
 * In-process fan-out of live ticket events to SSE subscribers, keyed by tenant and execute_uuid so a
 * subscriber only hears its own ticket. (Several replicas would relay these over LISTEN/NOTIFY.)
 */
export class ExecutionEvents {
  private readonly emitter = new EventEmitter()
  /** Last status seen per ticket, so each transition is logged once (ticket events also carry progress). */
  private readonly statuses = new Map<string, string>()

  constructor(private readonly log: Log = SILENT_LOG) {
    this.emitter.setMaxListeners(0)
  }

  emit(tenantId: string, event: ExecutionEvent) {
    if (event.type === 'ticket' && this.statuses.get(event.executeUuid) !== event.status) {
      const from = this.statuses.get(event.executeUuid) ?? null
      this.log.info({ tenantId, executeUuid: event.executeUuid, from, to: event.status }, 'ticket transition')
      if (TERMINAL_ORDER.includes(event.status)) this.statuses.delete(event.executeUuid)
      else this.statuses.set(event.executeUuid, event.status)
    }
    this.emitter.emit(`${tenantId}:${event.executeUuid}`, event)
  }

  subscribe(tenantId: string, executeUuid: string, fn: (e: ExecutionEvent) => void): () => void {
    const key = `${tenantId}:${executeUuid}`
    this.emitter.on(key, fn)
    return () => this.emitter.off(key, fn)
  }
}
