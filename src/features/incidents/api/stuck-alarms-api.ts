import { queryOptions, useQueryClient } from '@tanstack/react-query'
import { alarmInboxRoutes } from '../../../contract/alarm-inbox'
import { call } from '../../../lib/api-client'
import { useInvalidatingMutation } from '../../../lib/use-invalidating-mutation'
import { incidentQueries } from './incidents-queries'

/**
 * Alarms the webhook accepted but that could not be turned into incidents (admins only). Refreshes every
 * minute: the board's header shows how many there are.
 */
export const stuckAlarmQueries = {
  all: () => ['stuck-alarms'] as const,
  list: () =>
    queryOptions({
      queryKey: [...stuckAlarmQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => call(alarmInboxRoutes.listFailed, { signal }),
      refetchInterval: 60_000,
    }),
}

/** Folds a stuck alarm again; the board refetches too, since its incident appears there once folded. */
export function useRetryStuckAlarm(opts: { successMessage: string }) {
  const queryClient = useQueryClient()
  return useInvalidatingMutation(
    stuckAlarmQueries.all(),
    (id: number) => call(alarmInboxRoutes.retryFailed, { params: { id } }),
    {
      successMessage: opts.successMessage,
      onSuccess: () => queryClient.invalidateQueries({ queryKey: incidentQueries.all() }),
    },
  )
}

export function useDiscardStuckAlarm(opts: { successMessage: string }) {
  return useInvalidatingMutation(
    stuckAlarmQueries.all(),
    (id: number) => call(alarmInboxRoutes.discardFailed, { params: { id } }),
    { successMessage: opts.successMessage },
  )
}
