import { InboxList } from '../../features/inbox/components/inbox-list'
import type { QueryClient } from '@tanstack/react-query'
import { inboxQueries } from '../../features/inbox/api/inbox-queries'

/** Warms the first page of all messages. */
export function clientLoader(queryClient: QueryClient) {
  return () => queryClient.ensureQueryData(inboxQueries.page(1, false))
}

export function Component() {
  return <InboxList />
}
