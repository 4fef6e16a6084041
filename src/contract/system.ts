import { z } from 'zod'
import { TimestampSchema } from './common'
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

/** One replica as the cluster sees it: alive while its job workers beat in PostgreSQL (every few seconds). */
export const ReplicaStatusSchema = z.object({
  replica: z.string(),
  /** Null for a replica that holds agents or tickets but no longer beats (it died; they move on within seconds). */
  lastBeatAt: TimestampSchema.nullable(),
  /** Agents whose WebSocket this replica holds (every tenant's). */
  agents: z.number().int(),
  /** Running tickets whose lease this replica holds, i.e. that it drives. */
  tickets: z.number().int(),
})
export type ReplicaStatus = z.infer<typeof ReplicaStatusSchema>
export const ClusterStatusSchema = z.object({
  /** The replica that answered this request. */
  servedBy: z.string(),
  replicas: z.array(ReplicaStatusSchema),
  /** The PostgreSQL server they share: its version, and since when it runs (a recent restart shows). */
  database: z.object({ version: z.string(), startedAt: TimestampSchema }),
})
export type ClusterStatus = z.infer<typeof ClusterStatusSchema>

export const systemRoutes = {
  health: defineRoute({
    method: 'GET',
    path: '/healthz',
    response: HealthSchema,
    access: 'public',
    errorStyle: 'console',
    summary: 'Liveness and database reachability',
  }),
  replicas: defineRoute({
    method: 'GET',
    path: '/api/system/replicas',
    response: ClusterStatusSchema,
    access: 'platform:manage',
    summary: 'The replicas alive now (on every machine), with the agents and running tickets each holds',
  }),
}
