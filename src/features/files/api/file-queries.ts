import { queryOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import { type FileListQuerySchema, fileRoutes } from '../../../contract/files'
import { call } from '../../../lib/api-client'

export type FileQuery = z.input<typeof FileListQuerySchema>

/** The file library. */
export const fileQueries = {
  all: () => ['files'] as const,
  list: (q: FileQuery) =>
    queryOptions({
      queryKey: [...fileQueries.all(), 'list', q] as const,
      queryFn: ({ signal }) => call(fileRoutes.list, { query: q, signal }),
    }),
}
