import { z } from 'zod'
import { defineRoute } from './http'

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'down']),
  version: z.string(),
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
