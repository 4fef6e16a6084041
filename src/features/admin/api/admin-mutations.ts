import type { z } from 'zod'
import { adminRoutes, type CreateUserBodySchema, type UpdateUserBodySchema } from '../../../contract/identity'
import { call } from '../../../lib/api-client'
import { type MutationOptions, useInvalidatingMutation } from '../../../lib/use-invalidating-mutation'
import { adminQueries } from './admin-queries'

type Options<TData, TVars> = MutationOptions<TData, TVars>

/** Shared shape: invalidate the admin queries first, then run the caller's onSuccess. */
function useAdminMutation<TData, TVars>(fn: (v: TVars) => Promise<TData>, options?: Options<TData, TVars>) {
  return useInvalidatingMutation(adminQueries.all(), fn, options)
}

type CreatedUser = Awaited<ReturnType<typeof call<typeof adminRoutes.createUser>>>
type CreatedKey = Awaited<ReturnType<typeof call<typeof adminRoutes.createAccessKey>>>

export function useCreateUser(options?: Options<CreatedUser, z.input<typeof CreateUserBodySchema>>) {
  return useAdminMutation((body) => call(adminRoutes.createUser, { body }), options)
}

export function useUpdateUser(
  options?: Options<CreatedUser, { userId: string; body: z.input<typeof UpdateUserBodySchema> }>,
) {
  return useAdminMutation(({ userId, body }) => call(adminRoutes.updateUser, { params: { userId }, body }), options)
}

export function useCreateAccessKey(options?: Options<CreatedKey, { description: string }>) {
  return useAdminMutation((body) => call(adminRoutes.createAccessKey, { body }), options)
}

export function useDeleteAccessKey(options?: Options<{ ok: true }, string>) {
  return useAdminMutation((accessKey) => call(adminRoutes.deleteAccessKey, { params: { accessKey } }), options)
}
