import { InboxList } from '../../features/inbox/components/inbox-list'

export function Component() {
  return <InboxList />
}
