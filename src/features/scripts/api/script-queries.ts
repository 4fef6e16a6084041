import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import { adminRoutes, hasPermission } from '../../../contract/identity'
import { scriptConsoleRoutes, type ScriptSummaryQuerySchema } from '../../../contract/script-console'
import { cocScriptRoutes } from '../../../contract/scripts'
import { call } from '../../../lib/api-client'

type ListQuery = z.input<typeof ScriptSummaryQuerySchema>

/** The library's first page, without filters (what the route loader warms). */
export const SCRIPTS_FIRST_PAGE = { page: 1, pageSize: 20 } satisfies ListQuery

/** Query options (and keys) of the script library. */
export const scriptQueries = {
  all: () => ['scripts'] as const,
  list: (query: ListQuery) =>
    queryOptions({
      queryKey: [...scriptQueries.all(), 'list', query] as const,
      queryFn: ({ signal }) => call(scriptConsoleRoutes.list, { query, signal }),
      placeholderData: keepPreviousData,
    }),
  view: (scriptUuid: string) =>
    queryOptions({
      queryKey: [...scriptQueries.all(), 'view', scriptUuid] as const,
      queryFn: ({ signal }) => call(scriptConsoleRoutes.view, { params: { scriptUuid }, signal }),
    }),
  /** The COC detail, which the edit form round-trips (sensitive values stay masked). */
  detail: (scriptUuid: string) =>
    queryOptions({
      queryKey: [...scriptQueries.all(), 'detail', scriptUuid] as const,
      queryFn: async ({ signal }) =>
        (await call(cocScriptRoutes.detail, { params: { script_uuid: scriptUuid }, signal })).data,
    }),
  versions: (scriptUuid: string) =>
    queryOptions({
      queryKey: [...scriptQueries.all(), 'versions', scriptUuid] as const,
      queryFn: ({ signal }) => call(scriptConsoleRoutes.versions, { params: { scriptUuid }, signal }),
    }),
  diff: (scriptUuid: string, from: number, to: number) =>
    queryOptions({
      queryKey: [...scriptQueries.all(), 'diff', scriptUuid, from, to] as const,
      queryFn: ({ signal }) => call(scriptConsoleRoutes.diff, { params: { scriptUuid }, query: { from, to }, signal }),
    }),
  reviewLink: (token: string) =>
    queryOptions({
      queryKey: [...scriptQueries.all(), 'review-link', token] as const,
      queryFn: ({ signal }) => call(scriptConsoleRoutes.openReviewLink, { params: { token }, signal }),
      retry: false,
    }),
  /** Users who may review scripts (admins and reviewers), for the reviewer picker. */
  reviewers: () =>
    queryOptions({
      queryKey: [...scriptQueries.all(), 'reviewers'] as const,
      queryFn: async ({ signal }) =>
        (await call(adminRoutes.listUsers, { query: { page: 1, pageSize: 200 }, signal })).items.filter(
          (u) => !u.disabled && hasPermission(u.role, 'scripts:review'),
        ),
      staleTime: 60_000,
    }),
}
