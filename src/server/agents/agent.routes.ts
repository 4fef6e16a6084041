import type { FastifyInstance } from 'fastify'
import { AGENT_WS_PATH } from '../../contract/agents'
import { agentTokenRoutes } from '../../contract/agent-tokens'
import { UnauthenticatedError } from '../lib/errors'
import { route } from '../lib/route'
import type { Services } from '../services'

declare module 'fastify' {
  interface FastifyRequest {
    agentAuth?: { tokenId: string; tenantId: string }
  }
}

/**
 * The agent WebSocket endpoint and the admin API of enrollment tokens. The upgrade is refused with a 401
 * before any WebSocket exists when the bearer token is missing, unknown, revoked or expired. Needs the
 * websocket plugin (plugins/websocket.ts) registered first.
 */
export function registerAgentRoutes(app: FastifyInstance, { agentGateway, agentTokens }: Services) {
  agentTokens.onRevoke = (tokenId) => agentGateway.disconnectToken(tokenId)

  app.get(
    AGENT_WS_PATH,
    {
      websocket: true,
      config: { errorStyle: 'console' },
      preValidation: async (request) => {
        const header = request.headers.authorization ?? ''
        const token = header.startsWith('Bearer ') ? header.slice(7).trim() : ''
        const auth = token ? await agentTokens.verify(token) : null
        if (!auth) throw new UnauthenticatedError('A valid agent enrollment token is required')
        request.agentAuth = auth
      },
    },
    (socket, request) => {
      agentGateway.accept(socket, request.agentAuth!)
    },
  )

  route(app, agentTokenRoutes.list, ({ principal }) => agentTokens.list(principal))
  route(app, agentTokenRoutes.create, ({ principal, body, ctx }) => agentTokens.create(principal, body, ctx))
  route(app, agentTokenRoutes.revoke, async ({ principal, params, ctx }) => {
    await agentTokens.revoke(principal, params.tokenId, ctx)
    return { ok: true as const }
  })

  app.addHook('onClose', async () => agentGateway.stop())
  agentGateway.start()
}
