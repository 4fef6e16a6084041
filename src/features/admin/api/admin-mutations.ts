import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import { adminRoutes, type CreateUserBodySchema, type UpdateUserBodySchema } from '../../../contract/identity'
import { call } from '../../../lib/api-client'
import { adminQueries } from './admin-queries'

type Options<TData, TVars> = UseMutationOptions<TData, Error, TVars> & { successMessage?: string }

/** Shared shape: invalidate the admin queries first, then run the caller's onSuccess. */
function useAdminMutation<TData, TVars>(fn: (v: TVars) => Promise<TData>, options?: Options<TData, TVars>) {
  const queryClient = useQueryClient()
  const { onSuccess, successMessage, ...rest } = options ?? {}
  return useMutation({
    mutationFn: fn,
    meta: successMessage ? { successMessage } : undefined,
    ...rest,
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: adminQueries.all() })
      await onSuccess?.(...args)
    },
  })
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
