import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import { cmdbRoutes, type MoveHostsBodySchema } from '../../../contract/cmdb'
import { call } from '../../../lib/api-client'
import { mutationMeta } from '../../../lib/use-invalidating-mutation'
import { cmdbQueries } from './cmdb-queries'

type MoveBody = z.input<typeof MoveHostsBodySchema>
type Options = UseMutationOptions<{ moved: number }, Error, MoveBody> & { successMessage?: string }

/** Moves hosts to a module; invalidates the whole CMDB cache (counts, lists and the host) first. */
export function useMoveHosts(options?: Options) {
  const queryClient = useQueryClient()
  const { onSuccess, successMessage, meta, ...rest } = options ?? {}
  return useMutation({
    mutationFn: (body: MoveBody) => call(cmdbRoutes.moveHosts, { body }),
    ...rest,
    meta: mutationMeta(meta, successMessage),
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: cmdbQueries.all() })
      await onSuccess?.(...args)
    },
  })
}
