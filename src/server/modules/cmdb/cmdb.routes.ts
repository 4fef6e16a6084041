import type { FastifyInstance } from 'fastify'
import { cmdbRoutes } from '../../../contract/cmdb'
import { resourceRoutes } from '../../../contract/resources'
import { route } from '../../lib/route'
import type { Services } from '../../services'

const ok = { ok: true as const }

/** Console CMDB API (tree, hosts, mainline CRUD, applications) and COC `GET /v1/resources`. */
export function registerCmdbRoutes(app: FastifyInstance, { cmdb, mainline, apps, resources }: Services) {
  route(app, cmdbRoutes.topology, ({ principal }) => cmdb.topology(principal))
  route(app, cmdbRoutes.listHosts, ({ principal, query }) => cmdb.searchHosts(principal, query))
  route(app, cmdbRoutes.matchingHosts, ({ principal, query }) => cmdb.matchingHosts(principal, query))
  route(app, cmdbRoutes.resolveHosts, ({ principal, body }) => cmdb.resolveHosts(principal, body))
  route(app, cmdbRoutes.getHost, ({ principal, params }) => cmdb.getHost(principal, params.hostId))
  route(app, cmdbRoutes.createHost, ({ principal, body, ctx }) => cmdb.createHost(principal, body, ctx))
  route(app, cmdbRoutes.updateHost, ({ principal, params, body, ctx }) =>
    cmdb.updateHost(principal, params.hostId, body, ctx),
  )
  route(app, cmdbRoutes.deleteHost, async ({ principal, params, ctx }) => {
    await cmdb.deleteHost(principal, params.hostId, ctx)
    return ok
  })
  route(app, cmdbRoutes.moveHosts, ({ principal, body, ctx }) => cmdb.moveHosts(principal, body, ctx))

  route(app, cmdbRoutes.createBusiness, ({ principal, body, ctx }) => mainline.createBusiness(principal, body, ctx))
  route(app, cmdbRoutes.updateBusiness, ({ principal, params, body, ctx }) =>
    mainline.updateBusiness(principal, params.bizId, body, ctx),
  )
  route(app, cmdbRoutes.deleteBusiness, async ({ principal, params, ctx }) => {
    await mainline.deleteBusiness(principal, params.bizId, ctx)
    return ok
  })
  route(app, cmdbRoutes.createSet, ({ principal, body, ctx }) => mainline.createSet(principal, body, ctx))
  route(app, cmdbRoutes.updateSet, ({ principal, params, body, ctx }) =>
    mainline.updateSet(principal, params.setId, body, ctx),
  )
  route(app, cmdbRoutes.deleteSet, async ({ principal, params, ctx }) => {
    await mainline.deleteSet(principal, params.setId, ctx)
    return ok
  })
  route(app, cmdbRoutes.createModule, ({ principal, body, ctx }) => mainline.createModule(principal, body, ctx))
  route(app, cmdbRoutes.updateModule, ({ principal, params, body, ctx }) =>
    mainline.updateModule(principal, params.moduleId, body, ctx),
  )
  route(app, cmdbRoutes.deleteModule, async ({ principal, params, ctx }) => {
    await mainline.deleteModule(principal, params.moduleId, ctx)
    return ok
  })

  route(app, cmdbRoutes.listApps, ({ principal }) => apps.list(principal))
  route(app, cmdbRoutes.createApp, ({ principal, body, ctx }) => apps.create(principal, body, ctx))
  route(app, cmdbRoutes.updateApp, ({ principal, params, body, ctx }) =>
    apps.update(principal, params.appId, body, ctx),
  )
  route(app, cmdbRoutes.deleteApp, async ({ principal, params, ctx }) => {
    await apps.remove(principal, params.appId, ctx)
    return ok
  })
  route(app, cmdbRoutes.addDependency, ({ principal, params, body, ctx }) =>
    apps.addDependency(principal, params.appId, body.requiredAppId, ctx),
  )
  route(app, cmdbRoutes.removeDependency, ({ principal, params, ctx }) =>
    apps.removeDependency(principal, params.appId, params.requiredAppId, ctx),
  )
  route(app, cmdbRoutes.appGraph, ({ principal, query }) => apps.graph(principal, query))

  route(app, resourceRoutes.list, ({ principal, query }) => resources.list(principal, query))
}
