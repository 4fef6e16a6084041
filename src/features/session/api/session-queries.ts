import { queryOptions } from '@tanstack/react-query'
import { sessionRoutes } from '../../../contract/identity'
import { call, setCsrfToken } from '../../../lib/api-client'

/** Query options (and keys) for the current session. */
export const sessionQueries = {
  all: () => ['session'] as const,
  me: () =>
    queryOptions({
      queryKey: [...sessionQueries.all(), 'me'] as const,
      queryFn: async ({ signal }) => {
        const session = await call(sessionRoutes.me, { signal })
        setCsrfToken(session.csrfToken)
        return session
      },
      staleTime: 5 * 60_000,
      retry: false,
    }),
}
