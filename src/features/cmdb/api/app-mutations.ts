import { useMutation, useQueryClient } from '@tanstack/react-query'
import { cmdbRoutes } from '../../../contract/cmdb'
import { call } from '../../../lib/api-client'
import { cmdbQueries } from './cmdb-queries'

/** An edit of the application tree or its dependency edges. */
export type AppEdit =
  | { op: 'create'; name: string; parentId: number | null }
  | { op: 'require'; appId: number; requiredAppId: number }
  | { op: 'unrequire'; appId: number; requiredAppId: number }

function send(e: AppEdit): Promise<unknown> {
  if (e.op === 'create') return call(cmdbRoutes.createApp, { body: { name: e.name, parentId: e.parentId } })
  if (e.op === 'require')
    return call(cmdbRoutes.addDependency, { params: { appId: e.appId }, body: { requiredAppId: e.requiredAppId } })
  return call(cmdbRoutes.removeDependency, { params: { appId: e.appId, requiredAppId: e.requiredAppId } })
}

/** Applies an application edit and refreshes the list and graph; refusals (cycles, duplicates) are toasted. */
export function useAppEdit(opts: { successMessage: string; onSuccess?: () => void }) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: send,
    meta: { successMessage: opts.successMessage },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: cmdbQueries.all() })
      opts.onSuccess?.()
    },
  })
}
