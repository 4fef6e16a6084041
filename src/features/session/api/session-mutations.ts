import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import { sessionRoutes, type LoginBodySchema, type Session } from '../../../contract/identity'
import { call, setCsrfToken } from '../../../lib/api-client'
import { sessionQueries } from './session-queries'

type LoginInput = z.input<typeof LoginBodySchema>

/** Logs in; seeds the session query so the shell renders without another round trip. */
export function useLogin(mutationConfig?: UseMutationOptions<Session, Error, LoginInput>) {
  const queryClient = useQueryClient()
  const { onSuccess, ...rest } = mutationConfig ?? {}
  return useMutation({
    mutationFn: (body: LoginInput) => call(sessionRoutes.login, { body }),
    meta: { silent: true },
    ...rest,
    onSuccess: (session, ...args) => {
      setCsrfToken(session.csrfToken)
      queryClient.setQueryData(sessionQueries.me().queryKey, session)
      onSuccess?.(session, ...args)
    },
  })
}

/** Logs out and drops every cached query: the next user must not see the previous one's data. */
export function useLogout(mutationConfig?: UseMutationOptions<{ ok: true }, Error, void>) {
  const queryClient = useQueryClient()
  const { onSuccess, ...rest } = mutationConfig ?? {}
  return useMutation({
    mutationFn: () => call(sessionRoutes.logout),
    ...rest,
    onSuccess: (...args) => {
      setCsrfToken('')
      queryClient.clear()
      onSuccess?.(...args)
    },
  })
}
