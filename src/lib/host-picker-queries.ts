import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import { cmdbRoutes, type HostListQuerySchema } from '../contract/cmdb'
import { call } from './api-client'

export type HostQuery = z.input<typeof HostListQuerySchema>

/**
 * CMDB reads of the shared host pickers (the execution wizard, file push, the job plan editor): one key factory
 * for all of them, since features never import each other.
 */
export const hostPickerQueries = {
  all: () => ['host-picker'] as const,
  hosts: (query: HostQuery) =>
    queryOptions({
      queryKey: [...hostPickerQueries.all(), 'hosts', query] as const,
      queryFn: ({ signal }) => call(cmdbRoutes.listHosts, { query, signal }),
      placeholderData: keepPreviousData,
    }),
  topology: () =>
    queryOptions({
      queryKey: [...hostPickerQueries.all(), 'topology'] as const,
      queryFn: ({ signal }) => call(cmdbRoutes.topology, { signal }),
      staleTime: 60_000,
    }),
  /** The hosts of stored resource ids (to show names, not ids); ids no host has come back in `unmatched`. */
  byResourceIds: (resourceIds: string[]) =>
    queryOptions({
      queryKey: [...hostPickerQueries.all(), 'by-resource-ids', resourceIds] as const,
      queryFn: ({ signal }) => call(cmdbRoutes.resolveHosts, { body: { entries: resourceIds }, signal }),
      enabled: resourceIds.length > 0,
    }),
}
