import type { FastifyInstance } from 'fastify'
import { cocExecutionRoutes, executionRoutes } from '../../../contract/executions'
import type { ExecutionEvent } from '../../../contract/execution-events'
import { openEventStream } from '../../lib/event-stream'
import { route } from '../../lib/route'
import type { Services } from '../../services'

/** COC script execution and tickets (/v1, `{data}` envelopes) and the console's ticket routes with live events. */
export function registerExecutionRoutes(
  app: FastifyInstance,
  { executions, executionEvents, executionEngine, executionRequests }: Services,
) {
  route(app, cocExecutionRoutes.execute, async ({ principal, params, body, ctx }) => ({
    data: await executions.execute(principal, params.script_uuid, body, ctx),
  }))
  route(app, cocExecutionRoutes.listOrders, async ({ principal, query }) => ({
    data: await executions.listCoc(principal, query),
  }))
  route(app, cocExecutionRoutes.order, async ({ principal, params }) => ({
    data: await executions.orderInfo(principal, params.execute_uuid),
  }))
  route(app, cocExecutionRoutes.batches, async ({ principal, params }) => ({
    data: await executions.batchList(principal, params.execute_uuid),
  }))
  route(app, cocExecutionRoutes.batch, async ({ principal, params, query }) => ({
    data: await executions.batchDetail(principal, params.execute_uuid, params.batch_index, query),
  }))
  route(app, cocExecutionRoutes.statistics, async ({ principal, params }) => ({
    data: await executions.statistics(principal, params.execute_uuid),
  }))
  route(app, cocExecutionRoutes.operate, async ({ principal, params, body }) => ({
    data: await executions.operate(principal, params.execute_uuid, body),
  }))

  // The console's submit: a HIGH-risk script run by a non-admin waits for an approval (issue 17). The COC
  // route above keeps its documented immediate start: its callers are automation with their own checks.
  route(app, executionRoutes.create, ({ principal, body, ctx }) => {
    const { script_uuid, confirm_high_risk, rollback_plan, ...rest } = body
    return executionRequests.submit(principal, script_uuid, rest, ctx, {
      confirmHighRisk: confirm_high_risk,
      rollback: rollback_plan,
    })
  })
  route(app, executionRoutes.list, ({ principal, query }) => executions.list(principal, query))
  route(app, executionRoutes.detail, ({ principal, params }) => executions.detail(principal, params.executeUuid))
  route(app, executionRoutes.instances, ({ principal, params, query }) =>
    executions.instances(principal, params.executeUuid, query),
  )
  route(app, executionRoutes.log, ({ principal, params }) =>
    executions.log(principal, params.executeUuid, params.instanceId),
  )
  route(app, executionRoutes.operate, async ({ principal, params, body }) => {
    await executions.operate(principal, params.executeUuid, {
      operation_type: body.operation,
      batch_index: body.batchIndex,
      instance_id: body.instanceId,
    })
    return executions.detail(principal, params.executeUuid)
  })
  // Run again from the console is a console run too: a HIGH-risk one by a non-admin waits for an approval.
  route(app, executionRoutes.rerun, async ({ principal, params, body, ctx }) => {
    const r = await executions.rerunRequest(principal, params.executeUuid, {
      confirmHighRisk: body.confirm_high_risk,
      params: body.params,
      hosts: body.hosts,
      executeBatches: body.execute_batches,
      options: body.options,
    })
    return executionRequests.submit(principal, r.scriptUuid, r.body, ctx, {
      confirmHighRisk: body.confirm_high_risk,
      rollback: body.rollback_plan,
      timeoutMax: r.opts.timeoutMax,
    })
  })
  route(app, executionRoutes.events, async ({ principal, params, request, reply }) => {
    await executions.get(principal, params.executeUuid) // 404 before the stream opens
    const stream = openEventStream(app, request, reply)
    // Subscribed first, then the stored state: a reconnecting client (its replica died, or Last-Event-ID
    // resumption by EventSource) catches up from the database, and the end of the ticket is never missed.
    // Events heard while the stored state is read are held back, so the snapshot is always the first frame.
    let held: ExecutionEvent[] | null = []
    // Each frame's id is the time it was sent: EventSource hands it back as Last-Event-ID when it reconnects.
    let lastId = 0
    const send = (e: ExecutionEvent) => {
      lastId = Math.max(Date.now(), lastId + 1)
      stream.send(e, lastId)
    }
    stream.onClose(
      executionEvents.subscribe(principal.tenantId, params.executeUuid, (e) => (held ? held.push(e) : send(e))),
    )
    send(await executions.ticketEvent(principal, params.executeUuid))
    const since = resumedSince(request.headers['last-event-id'])
    if (since) for (const e of await executions.resumeEvents(principal, params.executeUuid, since)) send(e)
    for (const e of held) send(e)
    held = null
    return ''
  })

  // Runs left PROCESSING by a previous process are re-attached once the app is up; nothing is lost on shutdown.
  app.addHook('onReady', async () => {
    void executionEngine.recover()
  })
  app.addHook('preClose', async () => {
    await executionEngine.stop()
  })
}

/** Replicas' clocks differ a little: a resuming client gets what changed a few seconds before its last event. */
const RESUME_SLACK_MS = 5000

function resumedSince(header: string | string[] | undefined): Date | null {
  const ms = Number(Array.isArray(header) ? header[0] : header)
  return Number.isSafeInteger(ms) && ms > 0 ? new Date(ms - RESUME_SLACK_MS) : null
}
