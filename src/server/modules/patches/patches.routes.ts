import type { FastifyInstance } from 'fastify'
import { patchRoutes } from '../../../contract/patches'
import { route } from '../../lib/route'
import type { Services } from '../../services'

export function registerPatchRoutes(app: FastifyInstance, { patches, patchScans, patchNow }: Services) {
  route(app, patchRoutes.listInstanceCompliant, ({ principal, query }) =>
    patches.listInstanceCompliant(principal, query),
  )
  route(app, patchRoutes.listComplianceItems, ({ principal, params, query }) =>
    patches.listItems(principal, params.instance_compliant_id, query),
  )
  route(app, patchRoutes.overview, ({ principal }) => patches.overview(principal.tenantId))
  route(app, patchRoutes.listBaselines, ({ principal }) => patches.listBaselines(principal.tenantId))
  route(app, patchRoutes.createBaseline, ({ principal, body, ctx }) => patches.createBaseline(principal, body, ctx))
  route(app, patchRoutes.updateBaseline, ({ principal, params, body, ctx }) =>
    patches.updateBaseline(principal, params.baselineId, body, ctx),
  )
  route(app, patchRoutes.deleteBaseline, async ({ principal, params, ctx }) => {
    await patches.deleteBaseline(principal, params.baselineId, ctx)
    return { ok: true as const }
  })
  route(app, patchRoutes.listScans, ({ principal }) => patchScans.list(principal.tenantId))
  route(app, patchRoutes.patchNow, ({ principal, body, ctx }) => patchNow.start(principal, body.instance_ids, ctx))
  route(app, patchRoutes.startScan, ({ principal, body, ctx }) =>
    patchScans.start(principal, body.instance_ids, 'manual', ctx),
  )
}
