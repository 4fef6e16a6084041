import type { FastifyInstance } from 'fastify'
import { alarmInboxRoutes } from '../../../contract/alarm-inbox'
import { incidentRoutes } from '../../../contract/incidents'
import { route } from '../../lib/route'
import type { Services } from '../../services'
import { IncidentsService } from './incidents.service'

/** COC success envelope of the incident APIs (seed 4.4.1 examples). */
const ok = <T>(data: T) => ({ provider_code: '049', error_code: 'GOM.00000000', error_msg: null, data })

export function registerIncidentRoutes(app: FastifyInstance, { incidents, integrations }: Services) {
  route(app, incidentRoutes.create, async ({ principal, body, ctx }) => {
    const row = await incidents.create(principal, body, ctx)
    return ok({ incident_num: row.incidentNum })
  })
  route(app, incidentRoutes.createDraft, async ({ principal, body, ctx }) => ({
    incident_num: (await incidents.create(principal, body, ctx, { draft: true })).incidentNum,
  }))
  route(app, incidentRoutes.handle, async ({ principal, body, ctx }) => {
    IncidentsService.checkOperator(principal, body.operator)
    await incidents.handle(principal, body, ctx)
    return ok(null)
  })
  route(app, incidentRoutes.detail, async ({ principal, params }) =>
    ok(await incidents.detail(principal, params.incident_num)),
  )
  route(app, incidentRoutes.board, ({ principal, query }) => incidents.board(principal, query))
  route(app, incidentRoutes.view, ({ principal, params }) => incidents.view(principal, params.incident_num))
  route(app, incidentRoutes.metrics, ({ principal }) => incidents.metrics(principal.tenantId))
  route(app, incidentRoutes.listKeys, ({ principal }) => integrations.list(principal.tenantId))
  route(app, incidentRoutes.createKey, ({ principal, body, ctx }) => integrations.create(principal, body, ctx))
  route(app, incidentRoutes.deleteKey, async ({ principal, params, ctx }) => {
    await integrations.remove(principal, params.keyId, ctx)
    return { ok: true as const }
  })
  route(app, alarmInboxRoutes.listFailed, ({ principal }) => integrations.stuckAlarms(principal.tenantId))
  route(app, alarmInboxRoutes.retryFailed, async ({ principal, params, ctx }) => {
    await integrations.retryStuckAlarm(principal, params.id, ctx)
    return { ok: true as const }
  })
  route(app, alarmInboxRoutes.discardFailed, async ({ principal, params, ctx }) => {
    await integrations.discardStuckAlarm(principal, params.id, ctx)
    return { ok: true as const }
  })
  // The webhook answers like COC's event API: COC.00000000 "success".
  const webhook = async ({ params, body }: { params: { integration_key: string }; body: unknown }) => {
    await integrations.ingest(params.integration_key, body)
    return { provider_code: '049', error_code: 'COC.00000000', error_msg: 'success', data: null }
  }
  route(app, incidentRoutes.webhook, webhook)
  route(app, incidentRoutes.webhookLegacy, webhook)
}
