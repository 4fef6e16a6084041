import { type QueryKey, type UseMutationOptions, useMutation, useQueryClient } from '@tanstack/react-query'

/** A feature mutation's options: react-query's, plus the toast shown on success (`meta.successMessage`). */
export type MutationOptions<TData, TVars> = UseMutationOptions<TData, Error, TVars> & { successMessage?: string }

/**
 * The features' one mutation shape (bulletproof `create-discussion.ts`): invalidate `queryKey` first, then
 * run the caller's `onSuccess`, so the caller sees fresh data.
 */
export function useInvalidatingMutation<TData, TVars>(
  queryKey: QueryKey,
  fn: (v: TVars) => Promise<TData>,
  options?: MutationOptions<TData, TVars>,
) {
  const queryClient = useQueryClient()
  const { onSuccess, successMessage, ...rest } = options ?? {}
  return useMutation({
    mutationFn: fn,
    meta: successMessage ? { successMessage } : undefined,
    ...rest,
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey })
      await onSuccess?.(...args)
    },
  })
}
