import { queryOptions, useMutation } from '@tanstack/react-query'
import { type ChannelBody, channelRoutes } from '../../../contract/notification-channels'
import { call } from '../../../lib/api-client'
import { type MutationOptions, useInvalidatingMutation } from '../../../lib/use-invalidating-mutation'

/** The caller's own notification channels. */
export const channelQueries = {
  all: () => ['notification-channels'] as const,
  list: () =>
    queryOptions({
      queryKey: [...channelQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => call(channelRoutes.list, { signal }),
    }),
}

export function useAddChannel(options?: MutationOptions<unknown, ChannelBody>) {
  return useInvalidatingMutation(
    channelQueries.all(),
    (body: ChannelBody) => call(channelRoutes.create, { body }),
    options,
  )
}

export function useRemoveChannel() {
  return useInvalidatingMutation(channelQueries.all(), (channelId: string) =>
    call(channelRoutes.remove, { params: { channelId } }),
  )
}

/** Sends a test message now and answers how it went (sent, failed with the reason, skipped). */
export function useTestChannel() {
  return useMutation({ mutationFn: (channelId: string) => call(channelRoutes.test, { params: { channelId } }) })
}
