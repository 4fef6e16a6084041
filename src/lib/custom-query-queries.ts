import { queryOptions } from '@tanstack/react-query'
import { customQueryRoutes } from '../contract/custom-queries'
import { call } from './api-client'

/**
 * Saved host queries (BlueKing custom queries): shared by the CMDB panel that manages them and the host
 * pickers that use them in a run, so one key factory serves both (features never import each other).
 */
export const customQueryQueries = {
  all: () => ['custom-queries'] as const,
  list: () =>
    queryOptions({
      queryKey: [...customQueryQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => call(customQueryRoutes.list, { query: {}, signal }),
    }),
  /** The hosts a query selects now (evaluated on the server each time). */
  hosts: (queryId: string) =>
    queryOptions({
      queryKey: [...customQueryQueries.all(), 'hosts', queryId] as const,
      queryFn: ({ signal }) => call(customQueryRoutes.hosts, { params: { queryId }, signal }),
      staleTime: 0,
    }),
}
