import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { incidentRoutes } from '../../../contract/incidents'
import { call } from '../../../lib/api-client'

/** Alarm integration keys (admins only): the secret of a new key is returned once, with its webhook path. */
export const integrationKeyQueries = {
  all: () => ['integration-keys'] as const,
  list: () =>
    queryOptions({
      queryKey: [...integrationKeyQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => call(incidentRoutes.listKeys, { signal }),
    }),
}

type Created = Awaited<ReturnType<typeof call<typeof incidentRoutes.createKey>>>

export function useCreateIntegrationKey(opts: { successMessage: string; onCreated: (k: Created) => void }) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (name: string) => call(incidentRoutes.createKey, { body: { name } }),
    meta: { successMessage: opts.successMessage },
    onSuccess: async (k) => {
      await queryClient.invalidateQueries({ queryKey: integrationKeyQueries.all() })
      opts.onCreated(k)
    },
  })
}

export function useDeleteIntegrationKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (keyId: string) => call(incidentRoutes.deleteKey, { params: { keyId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeyQueries.all() }),
  })
}
