import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { agentCredentialRoutes } from '../../../contract/agent-credentials'
import { call } from '../../../lib/api-client'

/** Per-agent credentials (admins only): when an agent enrolled, and revoking it. */
export const agentCredentialQueries = {
  all: () => ['agent-credentials'] as const,
  detail: (agentSn: string) =>
    queryOptions({
      queryKey: [...agentCredentialQueries.all(), 'detail', agentSn] as const,
      queryFn: ({ signal }) => call(agentCredentialRoutes.get, { params: { agentSn }, signal }),
      retry: false,
    }),
}

export function useRevokeAgent(opts: { successMessage: string }) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (agentSn: string) => call(agentCredentialRoutes.revoke, { params: { agentSn } }),
    meta: { successMessage: opts.successMessage },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentCredentialQueries.all() }),
  })
}
