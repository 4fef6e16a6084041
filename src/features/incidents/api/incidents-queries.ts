import { queryOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import { incidentRoutes, type IncidentBoardQuerySchema } from '../../../contract/incidents'
import { oncallRoutes } from '../../../contract/oncall'
import { call } from '../../../lib/api-client'

export type BoardQuery = z.input<typeof IncidentBoardQuerySchema>

/**
 * Board cards, one incident with timeline and alarms, MTTA/MTTR. The board refreshes every 15 s (alarms arrive on their
 * own).
 */
export const incidentQueries = {
  all: () => ['incidents'] as const,
  board: (query: BoardQuery) =>
    queryOptions({
      queryKey: [...incidentQueries.all(), 'board', query] as const,
      queryFn: ({ signal }) => call(incidentRoutes.board, { query, signal }),
      refetchInterval: 15_000,
    }),
  view: (num: string) =>
    queryOptions({
      queryKey: [...incidentQueries.all(), 'view', num] as const,
      queryFn: ({ signal }) => call(incidentRoutes.view, { params: { incident_num: num }, signal }),
    }),
  /** Who was paged, escalation reached, deliveries and failures (refreshes while the drawer is open). */
  paging: (num: string) =>
    queryOptions({
      queryKey: [...incidentQueries.all(), 'paging', num] as const,
      queryFn: ({ signal }) => call(oncallRoutes.paging, { params: { incident_num: num }, signal }),
      refetchInterval: 10_000,
    }),
  metrics: () =>
    queryOptions({
      queryKey: [...incidentQueries.all(), 'metrics'] as const,
      queryFn: ({ signal }) => call(incidentRoutes.metrics, { signal }),
      refetchInterval: 60_000,
    }),
}
