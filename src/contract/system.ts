import { z } from 'zod'
import { defineRoute } from './http'

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'down']),
  version: z.string(),
  /** The storage engine (always a PostgreSQL server since the embedded default became one). */
  store: z.literal('postgres'),
  /** Which replica answered (REPLICA_ID, else host name and pid): tells replicas behind one port apart. */
  replica: z.string(),
  pid: z.number().int(),
})

export const systemRoutes = {
  health: defineRoute({
    method: 'GET',
    path: '/healthz',
    response: HealthSchema,
    access: 'public',
    errorStyle: 'console',
    summary: 'Liveness and database reachability',
  }),
}
