import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import {
  type RerunBody,
  executionRoutes,
  type CreateExecutionBody,
  type CreateExecutionResult,
  type ExecutionDetail,
  type ExecutionOperationBodySchema,
} from '../../../contract/executions'
import { approvalRoutes } from '../../../contract/approvals'
import { call } from '../../../lib/api-client'
import { mutationMeta } from '../../../lib/use-invalidating-mutation'
import { executionQueries } from './execution-queries'

type Options<TData, TVars> = UseMutationOptions<TData, Error, TVars> & { successMessage?: string }
export type OperationInput = z.input<typeof ExecutionOperationBodySchema>

/**
 * Starts an execution, or (a HIGH-risk script run by a non-admin) asks for its approval: the answer says
 * which. The wizard shows a refusal itself (with the server's details), so no error toast.
 */
export function useCreateExecution(options?: Options<CreateExecutionResult, CreateExecutionBody>) {
  const queryClient = useQueryClient()
  const { onSuccess, successMessage, meta, ...rest } = options ?? {}
  return useMutation({
    mutationFn: (body: CreateExecutionBody) => call(executionRoutes.create, { body }),
    ...rest,
    meta: mutationMeta({ silent: true, ...meta }, successMessage),
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: executionQueries.lists() })
      await onSuccess?.(...args)
    },
  })
}

/**
 * Withdraws the caller's HIGH-risk run still waiting for its approval (by the approval's id): nothing runs and
 * the approvers can no longer approve it. A run decided meanwhile answers 409, shown by the error toast.
 */
export function useWithdrawRun(options?: Options<unknown, { approvalId: string }>) {
  const { successMessage, meta, ...rest } = options ?? {}
  return useMutation({
    mutationFn: ({ approvalId }: { approvalId: string }) =>
      call(approvalRoutes.withdraw, { params: { approvalId }, body: { remark: '' } }),
    ...rest,
    meta: mutationMeta(meta, successMessage),
  })
}

/**
 * Pause, continue, cancel, skip a batch, cancel or retry a host. The answer is the updated ticket, which
 * replaces the cached detail; the ticket's host pages and logs, and the list, refetch.
 */
export function useOperateExecution(executeUuid: string, options?: Options<ExecutionDetail, OperationInput>) {
  const queryClient = useQueryClient()
  const { onSuccess, successMessage, meta, ...rest } = options ?? {}
  return useMutation({
    mutationFn: (body: OperationInput) => call(executionRoutes.operate, { params: { executeUuid }, body }),
    ...rest,
    meta: mutationMeta(meta, successMessage),
    onSuccess: async (detail, ...args) => {
      queryClient.setQueryData(executionQueries.detail(executeUuid).queryKey, detail)
      await queryClient.invalidateQueries({
        queryKey: executionQueries.ticket(executeUuid),
        predicate: (q) => q.queryKey[3] !== 'detail',
      })
      await queryClient.invalidateQueries({ queryKey: executionQueries.lists() })
      await onSuccess?.(detail, ...args)
    },
  })
}

/** Run again: the server copies the ticket (script, parameters incl. secrets, hosts, batches, options) into a new one. */
export function useRerunExecution(executeUuid: string, options?: Options<CreateExecutionResult, RerunBody>) {
  const queryClient = useQueryClient()
  const { onSuccess, successMessage, meta, ...rest } = options ?? {}
  return useMutation({
    mutationFn: (body: RerunBody) => call(executionRoutes.rerun, { params: { executeUuid }, body }),
    ...rest,
    meta: mutationMeta(meta, successMessage),
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: executionQueries.lists() })
      await onSuccess?.(...args)
    },
  })
}
