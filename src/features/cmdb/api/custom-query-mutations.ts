import type { z } from 'zod'
import { type CustomQuery, customQueryRoutes, type SaveCustomQueryBodySchema } from '../../../contract/custom-queries'
import { call } from '../../../lib/api-client'
import { customQueryQueries } from '../../../lib/custom-query-queries'
import { type MutationOptions, useInvalidatingMutation } from '../../../lib/use-invalidating-mutation'

type SaveBody = z.input<typeof SaveCustomQueryBodySchema>

/** Saves a host query of a business; the saved-query lists refresh first. */
export function useCreateCustomQuery(options?: MutationOptions<CustomQuery, SaveBody>) {
  return useInvalidatingMutation(
    customQueryQueries.all(),
    (body: SaveBody) => call(customQueryRoutes.create, { body }),
    options,
  )
}

/** Renames a saved query. */
export function useRenameCustomQuery(options?: MutationOptions<CustomQuery, { queryId: string; name: string }>) {
  return useInvalidatingMutation(
    customQueryQueries.all(),
    ({ queryId, name }: { queryId: string; name: string }) =>
      call(customQueryRoutes.update, { params: { queryId }, body: { name } }),
    options,
  )
}

/** Deletes a saved query. */
export function useDeleteCustomQuery(options?: MutationOptions<{ ok: true }, string>) {
  return useInvalidatingMutation(
    customQueryQueries.all(),
    (queryId: string) => call(customQueryRoutes.remove, { params: { queryId } }),
    options,
  )
}
