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
]
