import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import type { OrderStatus } from '../../../contract/execution-rules'
import { executionRoutes, type ExecutionQuerySchema, type InstanceQuerySchema } from '../../../contract/executions'
import { scriptConsoleRoutes } from '../../../contract/script-console'
import { call } from '../../../lib/api-client'

export type TicketListQuery = z.input<typeof ExecutionQuerySchema>
export type InstanceListQuery = z.input<typeof InstanceQuerySchema>

/** The tickets' first page, without filters (what the route loader warms). */
export const TICKETS_FIRST_PAGE = { page: 1, pageSize: 20 } satisfies TicketListQuery

/** A ticket that may still change: the console keeps it fresh (live events, else polling). */
export const isLiveStatus = (s: OrderStatus | undefined) => s === 'READY' || s === 'PROCESSING' || s === 'PAUSED'

/**
 * Query options (and keys) of executions. Everything of one ticket sits under `ticket(uuid)`, so the live
 * client and mutations can refresh a ticket's detail, host pages and logs with one key.
 */
export const executionQueries = {
  all: () => ['executions'] as const,
  lists: () => [...executionQueries.all(), 'list'] as const,
  list: (query: TicketListQuery) =>
    queryOptions({
      queryKey: [...executionQueries.lists(), query] as const,
      queryFn: ({ signal }) => call(executionRoutes.list, { query, signal }),
      placeholderData: keepPreviousData,
      // Poll while a visible ticket runs; a finished page holds still.
      refetchInterval: (q) => (q.state.data?.items.some((t) => isLiveStatus(t.status)) ? 5000 : false),
    }),
  ticket: (executeUuid: string) => [...executionQueries.all(), 'ticket', executeUuid] as const,
  detail: (executeUuid: string) =>
    queryOptions({
      queryKey: [...executionQueries.ticket(executeUuid), 'detail'] as const,
      queryFn: ({ signal }) => call(executionRoutes.detail, { params: { executeUuid }, signal }),
      staleTime: 1000,
    }),
  instances: (executeUuid: string, query: InstanceListQuery) =>
    queryOptions({
      queryKey: [...executionQueries.ticket(executeUuid), 'instances', query] as const,
      queryFn: ({ signal }) => call(executionRoutes.instances, { params: { executeUuid }, query, signal }),
      placeholderData: keepPreviousData,
      staleTime: 1000,
    }),
  log: (executeUuid: string, instanceId: number) =>
    queryOptions({
      queryKey: [...executionQueries.ticket(executeUuid), 'log', instanceId] as const,
      queryFn: ({ signal }) => call(executionRoutes.log, { params: { executeUuid, instanceId }, signal }),
      staleTime: 1000,
    }),
  /** The wizard's script picker: approved scripts only (only those may run). */
  approvedScripts: (nameLike: string | undefined, page: number) =>
    queryOptions({
      queryKey: [...executionQueries.all(), 'approved-scripts', nameLike ?? '', page] as const,
      queryFn: ({ signal }) =>
        call(scriptConsoleRoutes.list, { query: { status: 'APPROVED', nameLike, page, pageSize: 10 }, signal }),
      placeholderData: keepPreviousData,
    }),
  script: (scriptUuid: string) =>
    queryOptions({
      queryKey: [...executionQueries.all(), 'script', scriptUuid] as const,
      queryFn: ({ signal }) => call(scriptConsoleRoutes.view, { params: { scriptUuid }, signal }),
    }),
}
