import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import { adminRoutes, type AuditQuerySchema } from '../../../contract/identity'
import { systemRoutes } from '../../../contract/system'
import { call } from '../../../lib/api-client'

type AuditQuery = z.input<typeof AuditQuerySchema>

/** Rows per page of the users table (its first page is what the route loader warms). */
export const USERS_PAGE_SIZE = 20
/** The audit log's first page, without filters. */
export const AUDIT_FIRST_PAGE = { page: 1, pageSize: 20 } satisfies AuditQuery

/** Users, access keys and audit entries of the current tenant. */
export const adminQueries = {
  all: () => ['admin'] as const,
  users: (page: number, pageSize: number) =>
    queryOptions({
      queryKey: [...adminQueries.all(), 'users', { page, pageSize }] as const,
      queryFn: ({ signal }) => call(adminRoutes.listUsers, { query: { page, pageSize }, signal }),
      placeholderData: keepPreviousData,
    }),
  /** The console's replicas on every machine (platform admins); refreshed while shown. */
  replicas: () =>
    queryOptions({
      queryKey: [...adminQueries.all(), 'replicas'] as const,
      queryFn: ({ signal }) => call(systemRoutes.replicas, { signal }),
      refetchInterval: 5000,
    }),
  accessKeys: () =>
    queryOptions({
      queryKey: [...adminQueries.all(), 'access-keys'] as const,
      queryFn: ({ signal }) => call(adminRoutes.listAccessKeys, { signal }),
    }),
  audit: (query: AuditQuery) =>
    queryOptions({
      queryKey: [...adminQueries.all(), 'audit', query] as const,
      queryFn: ({ signal }) => call(adminRoutes.listAudit, { query, signal }),
      placeholderData: keepPreviousData,
    }),
}
