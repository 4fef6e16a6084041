import { BellOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Badge } from 'antd'
import { Link } from 'react-router'
import { inboxQueries } from '../api/inbox-queries'
import { useInboxMessages } from '../inbox-messages'

/** Header bell with the unread count, linking to the inbox page. */
export function InboxBell({ href }: { href: string }) {
  const m = useInboxMessages()
  const { data } = useQuery(inboxQueries.page(1, false))
  return (
    <Link to={href} aria-label={`${m.bell}${data?.unread ? ` (${data.unread})` : ''}`}>
      <Badge count={data?.unread ?? 0} size="small"><BellOutlined style={{ fontSize: 18 }} /></Badge>
    </Link>
  )
}
