import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { agentTokenRoutes } from '../../../contract/agent-tokens'
import { call } from '../../../lib/api-client'

/** Enrollment tokens (admins only). */
export const agentTokenQueries = {
  all: () => ['agent-tokens'] as const,
  list: () =>
    queryOptions({
      queryKey: [...agentTokenQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => call(agentTokenRoutes.list, { signal }),
    }),
}

type Created = Awaited<ReturnType<typeof call<typeof agentTokenRoutes.create>>>

/** Creates a token; the caller gets the plaintext once in `onCreated`. */
export function useCreateAgentToken(opts: { successMessage: string; onCreated: (t: Created) => void }) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (description: string) => call(agentTokenRoutes.create, { body: { description } }),
    meta: { successMessage: opts.successMessage },
    onSuccess: async (t) => {
      await queryClient.invalidateQueries({ queryKey: agentTokenQueries.all() })
      opts.onCreated(t)
    },
  })
}

export function useRevokeAgentToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (tokenId: string) => call(agentTokenRoutes.revoke, { params: { tokenId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentTokenQueries.all() }),
  })
}
