import { queryOptions } from '@tanstack/react-query'
import { oncallRoutes, type PolicyBody, type ScheduleBody } from '../../../contract/oncall'
import { call } from '../../../lib/api-client'
import { type MutationOptions, useInvalidatingMutation } from '../../../lib/use-invalidating-mutation'

/** Schedules (with who is on call now), a schedule's shifts in a window, policies, and the people to pick. */
export const oncallQueries = {
  all: () => ['oncall'] as const,
  schedules: () =>
    queryOptions({
      queryKey: [...oncallQueries.all(), 'schedules'] as const,
      queryFn: ({ signal }) => call(oncallRoutes.listSchedules, { signal }),
      refetchInterval: 60_000,
    }),
  shifts: (scheduleId: string, from: string, to: string) =>
    queryOptions({
      queryKey: [...oncallQueries.all(), 'shifts', scheduleId, from, to] as const,
      queryFn: ({ signal }) => call(oncallRoutes.shifts, { params: { scheduleId }, query: { from, to }, signal }),
    }),
  policies: () =>
    queryOptions({
      queryKey: [...oncallQueries.all(), 'policies'] as const,
      queryFn: ({ signal }) => call(oncallRoutes.listPolicies, { signal }),
    }),
  people: () =>
    queryOptions({
      queryKey: [...oncallQueries.all(), 'people'] as const,
      queryFn: ({ signal }) => call(oncallRoutes.people, { signal }),
      staleTime: 300_000,
    }),
}

type Opts<T, V> = MutationOptions<T, V>

export function useSaveSchedule(options?: Opts<unknown, { id?: string; body: ScheduleBody }>) {
  return useInvalidatingMutation(
    oncallQueries.all(),
    ({ id, body }: { id?: string; body: ScheduleBody }) =>
      id
        ? call(oncallRoutes.updateSchedule, { params: { scheduleId: id }, body })
        : call(oncallRoutes.createSchedule, { body }),
    options,
  )
}

export function useAddOverride(
  options?: Opts<unknown, { scheduleId: string; userId: string; startsAt: string; endsAt: string }>,
) {
  return useInvalidatingMutation(
    oncallQueries.all(),
    ({ scheduleId, ...body }: { scheduleId: string; userId: string; startsAt: string; endsAt: string }) =>
      call(oncallRoutes.createOverride, { params: { scheduleId }, body }),
    options,
  )
}

export function useRemoveOverride() {
  return useInvalidatingMutation(oncallQueries.all(), (v: { scheduleId: string; overrideId: string }) =>
    call(oncallRoutes.deleteOverride, { params: v }),
  )
}

export function useSavePolicy(options?: Opts<unknown, { id?: string; body: PolicyBody }>) {
  return useInvalidatingMutation(
    oncallQueries.all(),
    ({ id, body }: { id?: string; body: PolicyBody }) =>
      id
        ? call(oncallRoutes.updatePolicy, { params: { policyId: id }, body })
        : call(oncallRoutes.createPolicy, { body }),
    options,
  )
}
