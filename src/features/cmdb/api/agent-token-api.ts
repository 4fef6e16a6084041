import { queryOptions } from '@tanstack/react-query'
import { agentTokenRoutes } from '../../../contract/agent-tokens'
import { call } from '../../../lib/api-client'
import { useInvalidatingMutation } from '../../../lib/use-invalidating-mutation'

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
  return useInvalidatingMutation(
    agentTokenQueries.all(),
    (description: string) => call(agentTokenRoutes.create, { body: { description } }),
    {
      successMessage: opts.successMessage,
      onSuccess: (created) => opts.onCreated(created),
    },
  )
}

export function useRevokeAgentToken() {
  return useInvalidatingMutation(agentTokenQueries.all(), (tokenId: string) =>
    call(agentTokenRoutes.revoke, { params: { tokenId } }),
  )
}
