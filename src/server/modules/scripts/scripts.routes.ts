import type { FastifyInstance } from 'fastify'
import { scriptConsoleRoutes } from '../../../contract/script-console'
import { cocScriptRoutes } from '../../../contract/scripts'
import { route } from '../../lib/route'
import type { Services } from '../../services'

/** COC script management (/v1/job/scripts, `{data}` envelopes) and the console's library and review routes. */
export function registerScriptRoutes(app: FastifyInstance, { scripts, scriptVersions, scriptReviews }: Services) {
  route(app, cocScriptRoutes.create, async ({ principal, body, ctx }) => ({
    data: await scripts.create(principal, body, ctx),
  }))
  route(app, cocScriptRoutes.list, async ({ principal, query }) => ({ data: await scripts.listCoc(principal, query) }))
  route(app, cocScriptRoutes.detail, async ({ principal, params }) => ({
    data: await scripts.detail(principal, params.script_uuid),
  }))
  route(app, cocScriptRoutes.update, async ({ principal, params, body, ctx }) => ({
    data: await scripts.update(principal, params.script_uuid, body, ctx),
  }))
  route(app, cocScriptRoutes.remove, async ({ principal, params, ctx }) => ({
    data: await scripts.remove(principal, params.script_uuid, ctx),
  }))

  route(app, scriptConsoleRoutes.list, ({ principal, query }) => scripts.listConsole(principal, query))
  route(app, scriptConsoleRoutes.view, ({ principal, params }) => scripts.view(principal, params.scriptUuid))
  route(app, scriptConsoleRoutes.versions, ({ principal, params }) => scriptVersions.list(principal, params.scriptUuid))
  route(app, scriptConsoleRoutes.version, ({ principal, params }) =>
    scriptVersions.get(principal, params.scriptUuid, params.revision),
  )
  route(app, scriptConsoleRoutes.diff, ({ principal, params, query }) =>
    scriptVersions.diff(principal, params.scriptUuid, query.from, query.to),
  )
  route(app, scriptConsoleRoutes.openReviewLink, ({ principal, params }) => scriptReviews.open(principal, params.token))
  route(app, scriptConsoleRoutes.decide, ({ principal, params, body, ctx }) =>
    scriptReviews.decide(principal, params.token, body, ctx),
  )
}
