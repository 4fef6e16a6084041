import { useMutation, useQueryClient } from '@tanstack/react-query'
import { cmdbRoutes } from '../../../contract/cmdb'
import { call } from '../../../lib/api-client'
import { cmdbQueries } from './cmdb-queries'

/** One edit of the business → set → module tree, as the scope toolbar issues it. */
export type MainlineEdit =
  | { op: 'create-business'; name: string }
  | { op: 'create-set'; bizId: number; name: string }
  | { op: 'create-module'; setId: number; name: string }
  | { op: 'rename'; kind: 'biz' | 'set' | 'module'; id: number; name: string }
  | { op: 'delete'; kind: 'biz' | 'set' | 'module'; id: number }

function send(e: MainlineEdit): Promise<unknown> {
  switch (e.op) {
    case 'create-business':
      return call(cmdbRoutes.createBusiness, { body: { name: e.name } })
    case 'create-set':
      return call(cmdbRoutes.createSet, { body: { bizId: e.bizId, name: e.name } })
    case 'create-module':
      return call(cmdbRoutes.createModule, { body: { setId: e.setId, name: e.name } })
    case 'rename':
      if (e.kind === 'biz') return call(cmdbRoutes.updateBusiness, { params: { bizId: e.id }, body: { name: e.name } })
      if (e.kind === 'set') return call(cmdbRoutes.updateSet, { params: { setId: e.id }, body: { name: e.name } })
      return call(cmdbRoutes.updateModule, { params: { moduleId: e.id }, body: { name: e.name } })
    case 'delete':
      if (e.kind === 'biz') return call(cmdbRoutes.deleteBusiness, { params: { bizId: e.id } })
      if (e.kind === 'set') return call(cmdbRoutes.deleteSet, { params: { setId: e.id } })
      return call(cmdbRoutes.deleteModule, { params: { moduleId: e.id } })
  }
}

/** Applies a mainline edit; the server's refusal (e.g. "still has hosts") is toasted by the mutation cache. */
export function useMainlineEdit(opts: { successMessage: string; onSuccess?: (e: MainlineEdit) => void }) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (e: MainlineEdit) => {
      await send(e)
      return e
    },
    meta: { successMessage: opts.successMessage },
    onSuccess: async (e) => {
      await queryClient.invalidateQueries({ queryKey: cmdbQueries.all() })
      opts.onSuccess?.(e)
    },
  })
}
