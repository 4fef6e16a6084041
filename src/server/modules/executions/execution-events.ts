import { EventEmitter } from 'node:events'
import type { ExecutionEvent } from '../../../contract/execution-events'

/**
 * In-process fan-out of live ticket events to SSE subscribers, keyed by tenant and execute_uuid so a
 * subscriber only hears its own ticket. (Several replicas would relay these over LISTEN/NOTIFY.)
 */
export class ExecutionEvents {
  private readonly emitter = new EventEmitter()

  constructor() {
    this.emitter.setMaxListeners(0)
  }

  emit(tenantId: string, event: ExecutionEvent) {
    this.emitter.emit(`${tenantId}:${event.executeUuid}`, event)
  }

  subscribe(tenantId: string, executeUuid: string, fn: (e: ExecutionEvent) => void): () => void {
    const key = `${tenantId}:${executeUuid}`
    this.emitter.on(key, fn)
    return () => this.emitter.off(key, fn)
  }
}
