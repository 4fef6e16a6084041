import type { ClusterStatus } from '../../../contract/system'
import { REPLICA_ID } from '../../lib/replica-id'

/** What the cluster view reads, each from the module that owns it (wired in services.ts). */
export interface ClusterSources {
  /** Replicas whose job workers beat, with their latest beat (jobs). */
  beats(): Promise<{ replicaId: string; beatAt: Date }[]>
  /** Agent WebSockets held per replica (agents). */
  agentsByReplica(): Promise<Map<string, number>>
  /** Live tickets driven per replica (executions). */
  ticketsByReplica(): Promise<Map<string, number>>
  /** The database server's version and start time (db/server-info.ts). */
  database(): Promise<{ version: string; startedAt: Date }>
}

/**
 * The replicas alive now, on every machine, for the platform admin: a replica that holds agents or drives
 * tickets but no longer beats is listed too (until its agents reconnect elsewhere and another replica takes its
 * tickets over), so what a dead replica still holds shows.
 */
export class ClusterService {
  constructor(private readonly sources: ClusterSources) {}

  async status(): Promise<ClusterStatus> {
    const [beats, agents, tickets, database] = await Promise.all([
      this.sources.beats(),
      this.sources.agentsByReplica(),
      this.sources.ticketsByReplica(),
      this.sources.database(),
    ])
    const lastBeat = new Map(beats.map((b) => [b.replicaId, b.beatAt]))
    const ids = [...new Set([...lastBeat.keys(), ...agents.keys(), ...tickets.keys()])].sort()
    return {
      servedBy: REPLICA_ID,
      replicas: ids.map((replica) => ({
        replica,
        lastBeatAt: lastBeat.get(replica)?.toISOString() ?? null,
        agents: agents.get(replica) ?? 0,
        tickets: tickets.get(replica) ?? 0,
      })),
      database: { version: database.version, startedAt: database.startedAt.toISOString() },
    }
  }
}
