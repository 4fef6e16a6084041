import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import { incidentRoutes, type CreateIncidentBodySchema, type OperateKey } from '../../../contract/incidents'
import { call } from '../../../lib/api-client'
import { mutationMeta } from '../../../lib/use-invalidating-mutation'
import { incidentQueries } from './incidents-queries'

export interface HandleInput {
  incident_num: string
  operate_key: OperateKey
  parameter?: Record<string, unknown>
}

/** Runs one operate key; the server checks the state machine, the board refetches either way. */
export function useHandleIncident(
  operator: string,
  options?: UseMutationOptions<unknown, Error, HandleInput> & { successMessage?: string },
) {
  const queryClient = useQueryClient()
  const { onSuccess, onSettled, successMessage, meta, ...rest } = options ?? {}
  return useMutation({
    mutationFn: (v: HandleInput) => call(incidentRoutes.handle, { body: { ...v, operator } }),
    ...rest,
    meta: mutationMeta(meta, successMessage),
    onSuccess: async (...args) => {
      await onSuccess?.(...args)
    },
    onSettled: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: incidentQueries.all() })
      await onSettled?.(...args)
    },
  })
}

export function useCreateIncident(
  options?: UseMutationOptions<
    { incident_num: string },
    Error,
    z.input<typeof CreateIncidentBodySchema> & { draft?: boolean }
  > & { successMessage?: string },
) {
  const queryClient = useQueryClient()
  const { onSuccess, successMessage, meta, ...rest } = options ?? {}
  return useMutation({
    mutationFn: async (body: z.input<typeof CreateIncidentBodySchema> & { draft?: boolean }) => {
      const { draft, ...rest } = body
      return draft
        ? call(incidentRoutes.createDraft, { body: rest })
        : (await call(incidentRoutes.create, { body: rest })).data
    },
    ...rest,
    meta: mutationMeta(meta, successMessage),
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: incidentQueries.all() })
      await onSuccess?.(...args)
    },
  })
}
