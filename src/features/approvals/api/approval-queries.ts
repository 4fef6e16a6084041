import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { approvalRoutes } from '../../../contract/approvals'
import { call } from '../../../lib/api-client'
import { type MutationOptions, useInvalidatingMutation } from '../../../lib/use-invalidating-mutation'

export const approvalQueries = {
  all: () => ['approvals'] as const,
  list: (page: number, mine: boolean) =>
    queryOptions({
      queryKey: [...approvalQueries.all(), 'list', { page, mine }] as const,
      queryFn: ({ signal }) =>
        call(approvalRoutes.list, { query: { page, pageSize: 20, mine: mine ? 'true' : undefined }, signal }),
      placeholderData: keepPreviousData,
      refetchInterval: 15_000,
    }),
  detail: (approvalId: string) =>
    queryOptions({
      queryKey: [...approvalQueries.all(), 'detail', approvalId] as const,
      queryFn: ({ signal }) => call(approvalRoutes.detail, { params: { approvalId }, signal }),
    }),
  link: (token: string) =>
    queryOptions({
      queryKey: [...approvalQueries.all(), 'link', token] as const,
      queryFn: ({ signal }) => call(approvalRoutes.link, { params: { token }, signal }),
    }),
}

export type DecideInput = { decision: 'approve' | 'reject'; remark: string }

/** A vote, by approval id or through a signed link. */
export function useDecide(
  target: { approvalId: string } | { token: string },
  options?: MutationOptions<unknown, DecideInput>,
) {
  return useInvalidatingMutation(
    approvalQueries.all(),
    (body: DecideInput) =>
      'token' in target
        ? call(approvalRoutes.decideByLink, { params: { token: target.token }, body })
        : call(approvalRoutes.decide, { params: { approvalId: target.approvalId }, body }),
    options,
  )
}

export function useDelegate(approvalId: string, options?: MutationOptions<unknown, { to: string; remark: string }>) {
  return useInvalidatingMutation(
    approvalQueries.all(),
    (body: { to: string; remark: string }) => call(approvalRoutes.delegate, { params: { approvalId }, body }),
    options,
  )
}

/** The requester (or an admin) withdraws the waiting HIGH-risk console run the approval holds. */
export function useWithdraw(approvalId: string, options?: MutationOptions<unknown, { remark: string }>) {
  return useInvalidatingMutation(
    approvalQueries.all(),
    (body: { remark: string }) => call(approvalRoutes.withdraw, { params: { approvalId }, body }),
    options,
  )
}
