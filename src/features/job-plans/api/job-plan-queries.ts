import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import { fileRoutes } from '../../../contract/files'
import { jobPlanRoutes, type RUN_STATUSES, type SavePlanBodySchema } from '../../../contract/job-plans'
import { oncallRoutes } from '../../../contract/oncall'
import { RUN_TERMINAL } from '../../../contract/plan-run-machine'
import { type ScheduleBodySchema, scheduleRoutes } from '../../../contract/schedules'
import { scriptConsoleRoutes } from '../../../contract/script-console'
import { call } from '../../../lib/api-client'
import { type MutationOptions, useInvalidatingMutation } from '../../../lib/use-invalidating-mutation'

export type SavePlanInput = z.input<typeof SavePlanBodySchema>
export type ScheduleInput = z.input<typeof ScheduleBodySchema>

/** Query options of job plans, their runs and schedules (one key root: a run changes the plan's lists). */
export const jobPlanQueries = {
  all: () => ['job-plans'] as const,
  list: (page: number, name?: string) =>
    queryOptions({
      queryKey: [...jobPlanQueries.all(), 'list', { page, name }] as const,
      queryFn: ({ signal }) => call(jobPlanRoutes.list, { query: { page, pageSize: 20, name }, signal }),
      placeholderData: keepPreviousData,
    }),
  /** The tenant's enabled users, to name as a step's confirmers or approvers. */
  people: () =>
    queryOptions({
      queryKey: [...jobPlanQueries.all(), 'people'] as const,
      queryFn: ({ signal }) => call(oncallRoutes.people, { signal }),
      staleTime: 60_000,
    }),
  detail: (planId: string) =>
    queryOptions({
      queryKey: [...jobPlanQueries.all(), 'detail', planId] as const,
      queryFn: ({ signal }) => call(jobPlanRoutes.detail, { params: { planId }, signal }),
    }),
  runs: (page: number, status?: (typeof RUN_STATUSES)[number]) =>
    queryOptions({
      queryKey: [...jobPlanQueries.all(), 'runs', { page, status }] as const,
      queryFn: ({ signal }) => call(jobPlanRoutes.runs, { query: { page, pageSize: 20, status }, signal }),
      placeholderData: keepPreviousData,
      refetchInterval: (q) => (q.state.data?.items.some((r) => !RUN_TERMINAL.includes(r.status)) ? 3000 : false),
    }),
  run: (runId: string) =>
    queryOptions({
      queryKey: [...jobPlanQueries.all(), 'run', runId] as const,
      queryFn: ({ signal }) => call(jobPlanRoutes.runDetail, { params: { runId }, signal }),
      // A live run is polled; its current ticket's page is live itself (SSE).
      refetchInterval: (q) => (q.state.data && !RUN_TERMINAL.includes(q.state.data.status) ? 2000 : false),
    }),
  /** The editor's script picker: approved scripts (only those run). */
  /** Files of the file library whose name contains `q` (the file step's picker). */
  libraryFiles: (q: string) =>
    queryOptions({
      queryKey: [...jobPlanQueries.all(), 'library-files', q] as const,
      queryFn: ({ signal }) => call(fileRoutes.list, { query: { q: q || undefined, page: 1, pageSize: 50 }, signal }),
      placeholderData: keepPreviousData,
      staleTime: 10_000,
    }),
  /** Library files by id: the picked files the picker's search page does not hold (named, not shown as ids). */
  libraryFilesById: (ids: string[]) =>
    queryOptions({
      queryKey: [...jobPlanQueries.all(), 'library-files-by-id', ids] as const,
      queryFn: ({ signal }) => call(fileRoutes.list, { query: { ids, page: 1, pageSize: ids.length }, signal }),
      enabled: ids.length > 0,
      staleTime: 60_000,
    }),
  scripts: () =>
    queryOptions({
      queryKey: [...jobPlanQueries.all(), 'scripts'] as const,
      queryFn: ({ signal }) =>
        call(scriptConsoleRoutes.list, { query: { status: 'APPROVED', page: 1, pageSize: 200 }, signal }),
      staleTime: 30_000,
    }),
  schedules: (page: number) =>
    queryOptions({
      queryKey: [...jobPlanQueries.all(), 'schedules', page] as const,
      queryFn: ({ signal }) => call(scheduleRoutes.list, { query: { page, pageSize: 20 }, signal }),
      placeholderData: keepPreviousData,
    }),
  fires: (scheduleId: string) =>
    queryOptions({
      queryKey: [...jobPlanQueries.all(), 'fires', scheduleId] as const,
      queryFn: ({ signal }) =>
        call(scheduleRoutes.fires, { params: { scheduleId }, query: { page: 1, pageSize: 20 }, signal }),
    }),
}

export function useSavePlan(planId: string | undefined, options?: MutationOptions<{ id: string }, SavePlanInput>) {
  return useInvalidatingMutation(
    jobPlanQueries.all(),
    (body: SavePlanInput) =>
      planId ? call(jobPlanRoutes.update, { params: { planId }, body }) : call(jobPlanRoutes.create, { body }),
    options,
  )
}

export function useRunPlan(planId: string, options?: MutationOptions<{ id: string }, Record<string, string>>) {
  return useInvalidatingMutation(
    jobPlanQueries.all(),
    (variables: Record<string, string>) => call(jobPlanRoutes.run, { params: { planId }, body: { variables } }),
    options,
  )
}

export function useConfirmStep(
  runId: string,
  options?: MutationOptions<unknown, { stepIndex: number; decision: 'continue' | 'terminate'; remark: string }>,
) {
  return useInvalidatingMutation(
    jobPlanQueries.all(),
    (v: { stepIndex: number; decision: 'continue' | 'terminate'; remark: string }) =>
      call(jobPlanRoutes.confirm, {
        params: { runId, stepIndex: v.stepIndex, decision: v.decision },
        body: { remark: v.remark },
      }),
    options,
  )
}

export function useCancelRun(runId: string, options?: MutationOptions<unknown, void>) {
  return useInvalidatingMutation(
    jobPlanQueries.all(),
    () => call(jobPlanRoutes.cancel, { params: { runId }, body: { remark: '' } }),
    options,
  )
}

export function useSaveSchedule(scheduleId: string | undefined, options?: MutationOptions<unknown, ScheduleInput>) {
  return useInvalidatingMutation(
    jobPlanQueries.all(),
    (body: ScheduleInput) =>
      scheduleId
        ? call(scheduleRoutes.update, { params: { scheduleId }, body })
        : call(scheduleRoutes.create, { body }),
    options,
  )
}

export function useSetScheduleEnabled(options?: MutationOptions<unknown, { scheduleId: string; enabled: boolean }>) {
  return useInvalidatingMutation(
    jobPlanQueries.all(),
    (v: { scheduleId: string; enabled: boolean }) =>
      call(scheduleRoutes.setEnabled, { params: { scheduleId: v.scheduleId }, body: { enabled: v.enabled } }),
    options,
  )
}

/** Parses an expression on the server and gives the next 5 fire times (shown before saving). */
export function previewCron(expression: string, timeZone: string) {
  return call(scheduleRoutes.preview, { body: { expression, timeZone } })
}
