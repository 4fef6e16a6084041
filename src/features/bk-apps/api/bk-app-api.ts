import { queryOptions } from '@tanstack/react-query'
import { bkAppRoutes, type CreatedBkApp } from '../../../contract/bk-apps'
import { call } from '../../../lib/api-client'
import { useInvalidatingMutation } from '../../../lib/use-invalidating-mutation'

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
  return useInvalidatingMutation(
    bkAppQueries.all(),
    (body: { code: string; description: string }) => call(bkAppRoutes.create, { body }),
    {
      successMessage: opts.successMessage,
      onSuccess: (created) => opts.onCreated(created),
    },
  )
}

export function useRevokeBkApp() {
  return useInvalidatingMutation(bkAppQueries.all(), (appId: number) => call(bkAppRoutes.revoke, { params: { appId } }))
}
