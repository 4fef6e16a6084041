import { queryOptions } from '@tanstack/react-query'
import { incidentRoutes } from '../../../contract/incidents'
import { call } from '../../../lib/api-client'
import { useInvalidatingMutation } from '../../../lib/use-invalidating-mutation'

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
  return useInvalidatingMutation(
    integrationKeyQueries.all(),
    (name: string) => call(incidentRoutes.createKey, { body: { name } }),
    {
      successMessage: opts.successMessage,
      onSuccess: (created) => opts.onCreated(created),
    },
  )
}

export function useDeleteIntegrationKey() {
  return useInvalidatingMutation(integrationKeyQueries.all(), (keyId: string) =>
    call(incidentRoutes.deleteKey, { params: { keyId } }),
  )
}
