import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { inboxRoutes } from '../../../contract/inbox'
import { call } from '../../../lib/api-client'

/** The caller's inbox; the bell polls the first page for the unread count. */
export const inboxQueries = {
  all: () => ['inbox'] as const,
  page: (page: number, unreadOnly: boolean) =>
    queryOptions({
      queryKey: [...inboxQueries.all(), 'page', { page, unreadOnly }] as const,
      queryFn: ({ signal }) =>
        call(inboxRoutes.list, { query: { page, pageSize: 20, unreadOnly: unreadOnly ? 'true' : undefined }, signal }),
      placeholderData: keepPreviousData,
      refetchInterval: 60_000,
    }),
}

export function useMarkRead() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (messageId: string | 'all') =>
      messageId === 'all' ? call(inboxRoutes.markAllRead) : call(inboxRoutes.markRead, { params: { messageId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxQueries.all() }),
  })
}
