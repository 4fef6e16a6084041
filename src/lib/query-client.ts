import { MutationCache, QueryClient } from '@tanstack/react-query'
import { ApiError } from './api-client'
import { errorText } from './error-text'
import { toast } from './toast'

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: {
      /** Toasted when the mutation succeeds (silent or not). */
      successMessage?: string
      /** Toasted instead of the server's reason when the mutation fails. */
      errorMessage?: string
      /** No automatic error toast: the caller shows the error itself. A success message still shows. */
      silent?: boolean
    }
  }
}

/**
 * Mutations toast their outcome (meta messages, else the translated reason and the server's message); failed queries render inline
 * where they are used instead of toasting. 4xx answers are not retried: they will not change by waiting.
 */
export function createQueryClient() {
  return new QueryClient({
    mutationCache: new MutationCache({
      onSuccess: (_data, _vars, _ctx, mutation) => {
        if (mutation.meta?.successMessage) toast.success(mutation.meta.successMessage)
      },
      onError: (error, _vars, _ctx, mutation) => {
        if (mutation.meta?.silent || (error instanceof ApiError && error.status === 401)) return
        // The reason in the reader's language, the server's sentence after it (never a bare code).
        toast.error(mutation.meta?.errorMessage ?? errorText(error))
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  })
}
