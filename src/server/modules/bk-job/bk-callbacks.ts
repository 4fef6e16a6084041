import { bkJobStatus } from '../../../contract/bk-job'
import type { Log } from '../../lib/log'
import type { Principal } from '../../lib/principal'
import type { ExecutionsService } from '../executions/executions.service'
import type { BkJobRepository } from './bk-job.repository'

const TIMEOUT_MS = 10_000

/**
 * Delivers a settled API ticket's bk_callback_url (seed 002 callback_protocol): POST `{ job_instance_id,
 * status, step_instances: [{ step_instance_id, status }] }`; HTTP 200 is success, anything else is retried
 * once by the queue (maxAttempts 2), then recorded as failed.
 */
export async function deliverCallback(
  deps: {
    repo: BkJobRepository
    executions: ExecutionsService
    /** Plan runs (execute_job): their callback body, one step instance per step. */
    plans: { callbackBody(tenantId: string, instanceId: number): Promise<object | null> }
    log: Log
    fetch?: typeof fetch
  },
  orderId: number,
  attempt: number,
  maxAttempts: number,
) {
  const row = await deps.repo.instance(orderId)
  if (!row?.callbackUrl || row.callbackStatus === 'delivered') return
  let body: object
  if (row.kind === 'plan') {
    const plan = await deps.plans.callbackBody(row.tenantId, orderId)
    if (!plan) return
    body = plan
  } else {
    const system = { tenantId: row.tenantId } as Principal
    const order = await deps.executions.getById(system, orderId)
    const status = bkJobStatus(order.status)
    body = { job_instance_id: orderId, status, step_instances: [{ step_instance_id: orderId, status }] }
  }
  let error = ''
  try {
    const res = await (deps.fetch ?? fetch)(row.callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    // Only the status counts; the body is dropped unread (a receiver that already closed it is fine).
    await res.body?.cancel().catch(() => {})
    if (res.status === 200) {
      await deps.repo.setCallback(orderId, 'delivered')
      return
    }
    error = `HTTP ${res.status}`
  } catch (err) {
    error = (err as Error).message
  }
  const last = attempt >= maxAttempts
  await deps.repo.setCallback(orderId, last ? 'failed' : 'pending', error)
  deps.log.warn({ orderId, attempt, error }, last ? 'job API callback failed; given up' : 'job API callback failed')
  if (!last) throw new Error(`callback to ${row.callbackUrl} failed: ${error}`)
}
