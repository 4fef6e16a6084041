import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import { scriptConsoleRoutes, type ReviewDecisionBodySchema } from '../../../contract/script-console'
import { cocScriptRoutes, type CreateScriptBodySchema, type UpdateScriptBodySchema } from '../../../contract/scripts'
import { call } from '../../../lib/api-client'
import { type MutationOptions, mutationMeta, useInvalidatingMutation } from '../../../lib/use-invalidating-mutation'
import { scriptQueries } from './script-queries'

type Options<TData, TVars> = MutationOptions<TData, TVars>

/** Invalidates the script queries first, then runs the caller's onSuccess. */
function useScriptMutation<TData, TVars>(fn: (v: TVars) => Promise<TData>, options?: Options<TData, TVars>) {
  return useInvalidatingMutation(scriptQueries.all(), fn, options)
}

export function useCreateScript(options?: Options<string, z.input<typeof CreateScriptBodySchema>>) {
  return useScriptMutation(async (body) => (await call(cocScriptRoutes.create, { body })).data, options)
}

export function useUpdateScript(
  options?: Options<string, { scriptUuid: string; body: z.input<typeof UpdateScriptBodySchema> }>,
) {
  return useScriptMutation(
    async ({ scriptUuid, body }) =>
      (await call(cocScriptRoutes.update, { params: { script_uuid: scriptUuid }, body })).data,
    options,
  )
}

export function useDeleteScript(options?: Options<string, string>) {
  return useScriptMutation(
    async (scriptUuid) => (await call(cocScriptRoutes.remove, { params: { script_uuid: scriptUuid } })).data,
    options,
  )
}

type Decided = Awaited<ReturnType<typeof call<typeof scriptConsoleRoutes.decide>>>

/**
 * Approve or reject through a review link. The link is used up by this, so its query is not refetched
 * (that would answer LINK_USED); the decision's answer replaces it instead.
 */
export function useDecideReview(token: string, options?: Options<Decided, z.input<typeof ReviewDecisionBodySchema>>) {
  const queryClient = useQueryClient()
  const { onSuccess, successMessage, meta, ...rest } = options ?? {}
  const linkKey = scriptQueries.reviewLink(token).queryKey
  return useMutation({
    mutationFn: (body: z.input<typeof ReviewDecisionBodySchema>) =>
      call(scriptConsoleRoutes.decide, { params: { token }, body }),
    ...rest,
    meta: mutationMeta(meta, successMessage),
    onSuccess: async (data, ...args) => {
      queryClient.setQueryData(linkKey, data)
      await queryClient.invalidateQueries({
        queryKey: scriptQueries.all(),
        predicate: (q) => q.queryKey[1] !== linkKey[1],
      })
      await onSuccess?.(data, ...args)
    },
  })
}
