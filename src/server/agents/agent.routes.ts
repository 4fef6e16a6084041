import type { FastifyInstance } from 'fastify'
import { AGENT_SN_HEADER, AGENT_WS_PATH, AgentSnSchema } from '../../contract/agents'
import { agentCredentialRoutes } from '../../contract/agent-credentials'
import { agentTokenRoutes } from '../../contract/agent-tokens'
import { UnauthenticatedError } from '../lib/errors'
import { route } from '../lib/route'
import type { Services } from '../services'
import type { AgentAuth } from './agent-credentials.service'

declare module 'fastify' {
  interface FastifyRequest {
    agentAuth?: AgentAuth
  }
}

/**
 * The agent WebSocket endpoint, the admin API of enrollment tokens and of agent credentials. The upgrade is
 * refused with a 401 before any WebSocket exists when the agent secret or enrollment token is missing,
 * unknown, revoked or expired. Needs the
 * websocket plugin (plugins/websocket.ts) registered first.
 */
export function registerAgentRoutes(app: FastifyInstance, { agentGateway, agentTokens, agentCredentials }: Services) {
  agentCredentials.onRevoke = (agentSn) => agentGateway.disconnectAgent(agentSn)

  app.get(
    AGENT_WS_PATH,
    {
      websocket: true,
      config: { errorStyle: 'console' },
      preValidation: async (request) => {
        const header = request.headers.authorization ?? ''
        const token = header.startsWith('Bearer ') ? header.slice(7).trim() : ''
        // An enrolled agent presents its own secret with its agent_sn; a new one an enrollment token.
        const sn = AgentSnSchema.safeParse(request.headers[AGENT_SN_HEADER])
        const auth = !token
          ? null
          : sn.success
            ? await agentCredentials.verify(sn.data, token)
            : await agentTokens.verify(token).then((t) => t && { kind: 'enroll' as const, ...t })
        if (!auth) throw new UnauthenticatedError('A valid agent credential or enrollment token is required')
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

  route(app, agentCredentialRoutes.get, ({ principal, params }) => agentCredentials.get(principal, params.agentSn))
  route(app, agentCredentialRoutes.revoke, ({ principal, params, ctx }) =>
    agentCredentials.revoke(principal, params.agentSn, ctx),
  )

  app.addHook('onClose', async () => agentGateway.stop())
  agentGateway.start()
}
