import type { FastifyInstance } from 'fastify'
import { warRoomRoutes } from '../../../contract/war-rooms'
import { route } from '../../lib/route'
import type { Services } from '../../services'

const ok = <T>(data: T) => ({ provider_code: '049', error_code: 'GOM.00000000', error_msg: null, data })

export function registerWarRoomRoutes(app: FastifyInstance, { warRooms }: Services) {
  route(app, warRoomRoutes.create, async ({ principal, body, ctx }) =>
    ok((await warRooms.create(principal, body, ctx)).warRoomNum),
  )
  route(app, warRoomRoutes.list, async ({ principal, body }) => ok(await warRooms.list(principal, body)))
  route(app, warRoomRoutes.detail, ({ principal, params }) => warRooms.detail(principal, params.warRoomId))
  route(app, warRoomRoutes.addNote, ({ principal, params, body, ctx }) =>
    warRooms.addNote(principal, params.warRoomId, body.text, body.kind, ctx),
  )
  route(app, warRoomRoutes.updateMembers, ({ principal, params, body, ctx }) =>
    warRooms.updateMembers(principal, params.warRoomId, body, ctx),
  )
  route(app, warRoomRoutes.close, ({ principal, params, body, ctx }) =>
    warRooms.close(principal, params.warRoomId, body, ctx),
  )
  route(app, warRoomRoutes.stats, ({ principal, query }) => warRooms.stats(principal.tenantId, query.days))
}
