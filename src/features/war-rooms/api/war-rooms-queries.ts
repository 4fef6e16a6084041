import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import { warRoomRoutes, type ListWarRoomsBodySchema } from '../../../contract/war-rooms'
import { call } from '../../../lib/api-client'

export type WarRoomFilter = z.input<typeof ListWarRoomsBodySchema>

/**
 * War room list (COC list API), dashboard stats and one room; the room polls so notes from others appear within
 * seconds.
 */
export const warRoomQueries = {
  all: () => ['war-rooms'] as const,
  list: (filter: WarRoomFilter) =>
    queryOptions({
      queryKey: [...warRoomQueries.all(), 'list', filter] as const,
      queryFn: async ({ signal }) => (await call(warRoomRoutes.list, { body: filter, signal })).data,
      placeholderData: keepPreviousData,
    }),
  stats: (days: number) =>
    queryOptions({
      queryKey: [...warRoomQueries.all(), 'stats', days] as const,
      queryFn: ({ signal }) => call(warRoomRoutes.stats, { query: { days }, signal }),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...warRoomQueries.all(), 'detail', id] as const,
      queryFn: ({ signal }) => call(warRoomRoutes.detail, { params: { warRoomId: id }, signal }),
      refetchInterval: 5000,
    }),
}

/** Note, report, members or close: each answers the updated room, which replaces the cached one. */
export function useWarRoomAction(id: string, successMessage?: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (
      a:
        | { kind: 'note' | 'report'; text: string }
        | { kind: 'members'; participants: string[] }
        | { kind: 'close'; fault_cause?: string },
    ) => {
      if (a.kind === 'members')
        return call(warRoomRoutes.updateMembers, { params: { warRoomId: id }, body: { participants: a.participants } })
      if (a.kind === 'close')
        return call(warRoomRoutes.close, { params: { warRoomId: id }, body: { fault_cause: a.fault_cause } })
      return call(warRoomRoutes.addNote, { params: { warRoomId: id }, body: { text: a.text, kind: a.kind } })
    },
    meta: successMessage ? { successMessage } : undefined,
    onSuccess: async (room) => {
      queryClient.setQueryData(warRoomQueries.detail(id).queryKey, room)
      await queryClient.invalidateQueries({ queryKey: warRoomQueries.all() })
    },
  })
}
