import fastifyWebsocket from '@fastify/websocket'
import type { FastifyInstance } from 'fastify'

/**
 * WebSocket support for every module (the agent gateway now, live events later). Registered once here:
 * registering @fastify/websocket a second time elsewhere would clash on its decorators.
 */
export async function registerWebsocket(app: FastifyInstance) {
  // Agents send output in batches of up to a few hundred kB; 2 MB leaves room without inviting abuse.
  await app.register(fastifyWebsocket, { options: { maxPayload: 2 * 1024 * 1024 } })
}
