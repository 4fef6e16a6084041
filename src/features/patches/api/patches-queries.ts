import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import {
  patchRoutes,
  type ComplianceItemQuerySchema,
  type InstanceCompliantQuerySchema,
} from '../../../contract/patches'
import { call } from '../../../lib/api-client'

export type ReportQuery = z.output<typeof InstanceCompliantQuerySchema>
export type ItemQuery = z.output<typeof ComplianceItemQuerySchema>

/** Compliance reports, patch items, baselines and scan orders. */
export const patchQueries = {
  all: () => ['patches'] as const,
  overview: () =>
    queryOptions({
      queryKey: [...patchQueries.all(), 'overview'] as const,
      queryFn: ({ signal }) => call(patchRoutes.overview, { signal }),
    }),
  reports: (query: ReportQuery) =>
    queryOptions({
      queryKey: [...patchQueries.all(), 'reports', query] as const,
      queryFn: ({ signal }) => call(patchRoutes.listInstanceCompliant, { query, signal }),
      placeholderData: keepPreviousData,
    }),
  items: (id: string, query: ItemQuery) =>
    queryOptions({
      queryKey: [...patchQueries.all(), 'items', id, query] as const,
      queryFn: ({ signal }) =>
        call(patchRoutes.listComplianceItems, { params: { instance_compliant_id: id }, query, signal }),
      placeholderData: keepPreviousData,
    }),
  baselines: () =>
    queryOptions({
      queryKey: [...patchQueries.all(), 'baselines'] as const,
      queryFn: ({ signal }) => call(patchRoutes.listBaselines, { signal }),
    }),
  scans: () =>
    queryOptions({
      queryKey: [...patchQueries.all(), 'scans'] as const,
      queryFn: ({ signal }) => call(patchRoutes.listScans, { signal }),
      // While an order runs, reports arrive host by host: keep polling until it finishes.
      refetchInterval: (q) => (q.state.data?.some((o) => o.status === 'running') ? 2000 : false),
    }),
}
