import { systemRoutes } from '../../src/contract/system'
import { mockRoute } from '../mock-route'

export const systemHandlers = [
  mockRoute(systemRoutes.health, () => ({
    status: 'ok' as const,
    db: 'ok' as const,
    version: 'mock',
    store: 'postgres' as const,
    replica: 'mock',
    pid: 0,
  })),
  mockRoute(systemRoutes.replicas, () => ({
    servedBy: 'app1-1',
    replicas: [
      { replica: 'app1-1', lastBeatAt: new Date(Date.now() - 2000).toISOString(), agents: 7, tickets: 1 },
      { replica: 'app2-1', lastBeatAt: new Date(Date.now() - 4000).toISOString(), agents: 5, tickets: 0 },
    ],
    database: { version: '18.1', startedAt: new Date(Date.now() - 3 * 3600_000).toISOString() },
  })),
]
