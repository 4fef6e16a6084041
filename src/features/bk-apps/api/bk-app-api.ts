import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { bkAppRoutes, type CreatedBkApp } from '../../../contract/bk-apps'
import { call } from '../../../lib/api-client'

/** Apps of the BlueKing job API (admins only). */
export const bkAppQueries = {
  all: () => ['bk-apps'] as const,
  list: () =>
    queryOptions({
      queryKey: [...bkAppQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => call(bkAppRoutes.list, { signal }),
    }),
}

/** Registers an app; the caller gets the secret once in `onCreated`. */
export function useRegisterBkApp(opts: { successMessage: string; onCreated: (a: CreatedBkApp) => void }) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: { code: string; description: string }) => call(bkAppRoutes.create, { body }),
    meta: { successMessage: opts.successMessage },
    onSuccess: async (a) => {
      await queryClient.invalidateQueries({ queryKey: bkAppQueries.all() })
      opts.onCreated(a)
    },
  })
}

export function useRevokeBkApp() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (appId: number) => call(bkAppRoutes.revoke, { params: { appId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: bkAppQueries.all() }),
  })
}
