import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import { cmdbRoutes, type AppGraphQuerySchema, type HostFilter, type HostListQuerySchema } from '../../../contract/cmdb'
import { call } from '../../../lib/api-client'

/** Agent status changes arrive by polling: often enough to show OFFLINE within the heartbeat window. */
export const LIVE_REFETCH_MS = 5000

/** Topology tree, host search, one host, applications and their graph. */
export const cmdbQueries = {
  all: () => ['cmdb'] as const,
  topology: () =>
    queryOptions({
      queryKey: [...cmdbQueries.all(), 'topology'] as const,
      queryFn: ({ signal }) => call(cmdbRoutes.topology, { signal }),
      refetchInterval: LIVE_REFETCH_MS,
    }),
  hosts: (query: z.input<typeof HostListQuerySchema>) =>
    queryOptions({
      queryKey: [...cmdbQueries.all(), 'hosts', query] as const,
      queryFn: ({ signal }) => call(cmdbRoutes.listHosts, { query, signal }),
      placeholderData: keepPreviousData,
      refetchInterval: LIVE_REFETCH_MS,
    }),
  /** "Select all matching": the ids of every host matching the filter, resolved on the server. */
  matching: (filter: HostFilter) =>
    queryOptions({
      queryKey: [...cmdbQueries.all(), 'matching', filter] as const,
      queryFn: ({ signal }) => call(cmdbRoutes.matchingHosts, { query: filter, signal }),
      staleTime: 0,
    }),
  host: (hostId: number) =>
    queryOptions({
      queryKey: [...cmdbQueries.all(), 'host', hostId] as const,
      queryFn: ({ signal }) => call(cmdbRoutes.getHost, { params: { hostId }, signal }),
      refetchInterval: LIVE_REFETCH_MS,
    }),
  apps: () =>
    queryOptions({
      queryKey: [...cmdbQueries.all(), 'apps'] as const,
      queryFn: ({ signal }) => call(cmdbRoutes.listApps, { signal }),
    }),
  graph: (query: z.input<typeof AppGraphQuerySchema>) =>
    queryOptions({
      queryKey: [...cmdbQueries.all(), 'graph', query] as const,
      queryFn: ({ signal }) => call(cmdbRoutes.appGraph, { query, signal }),
      placeholderData: keepPreviousData,
    }),
}
