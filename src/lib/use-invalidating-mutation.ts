import {
  type MutationMeta,
  type QueryKey,
  type UseMutationOptions,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query'

/** A feature mutation's options: react-query's, plus the toast shown on success (`meta.successMessage`). */
export type MutationOptions<TData, TVars> = UseMutationOptions<TData, Error, TVars> & { successMessage?: string }

/**
 * A mutation's meta: the caller's own (`silent`: no automatic error toast, `errorMessage`) with the success
 * toast added. Every mutation hook builds its meta here, so a caller's `meta` never drops its success message.
 */
export function mutationMeta(meta: MutationMeta | undefined, successMessage: string | undefined) {
  const merged: MutationMeta = { ...meta, ...(successMessage ? { successMessage } : {}) }
  return Object.keys(merged).length ? merged : undefined
}

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
  const { onSuccess, successMessage, meta, ...rest } = options ?? {}
  return useMutation({
    mutationFn: fn,
    ...rest,
    meta: mutationMeta(meta, successMessage),
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey })
      await onSuccess?.(...args)
    },
  })
}
