import type { FastifyInstance } from 'fastify'
import { systemRoutes } from '../../../contract/system'
import { REPLICA_ID } from '../../lib/replica-id'
import { route } from '../../lib/route'
import type { Services } from '../../services'

export const VERSION = process.env.npm_package_version ?? '0.1.0'

export function registerHealthRoutes(app: FastifyInstance, { handle, cluster }: Services) {
  route(app, systemRoutes.replicas, () => cluster.status())
  route(app, systemRoutes.health, async ({ reply }) => {
    const db = await handle.query('select 1 as ok').then(
      () => 'ok' as const,
      () => 'down' as const,
    )
    if (db === 'down') reply.code(503)
    return {
      status: db === 'ok' ? ('ok' as const) : ('degraded' as const),
      db,
      version: VERSION,
      store: 'postgres' as const,
      replica: REPLICA_ID,
      pid: process.pid,
    }
  })
}
