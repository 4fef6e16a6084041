import { BellOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { useLiveRefetch } from '../../../lib/live-events'
import { inboxQueries } from '../api/inbox-queries'
import { useInboxMessages } from '../inbox-messages'
import { useDesktopPages } from './use-desktop-pages'

const COUNT: React.CSSProperties = {
  position: 'absolute',
  top: -6,
  right: -10,
  minWidth: 16,
  height: 16,
  padding: '0 4px',
  borderRadius: 8,
  background: '#ff4d4f',
  color: '#fff',
  fontSize: 11,
  lineHeight: '16px',
  textAlign: 'center',
}

/**
 * Header bell with the unread count, linking to the inbox page (plain markup: antd Badge would weigh on every screen);
 * new pages also raise a desktop notification when the user allowed them.
 */
export function InboxBell({ href }: { href: string }) {
  const m = useInboxMessages()
  // A page must reach the on-call within seconds while the console is open: the live stream says when a message
  // arrived (on any replica); the 10 s poll is the fallback where the stream cannot open.
  useLiveRefetch(['inbox'], inboxQueries.all())
  const { data } = useQuery({ ...inboxQueries.page(1, false), refetchInterval: 10_000 })
  useDesktopPages(data?.items)
  return (
    <Link to={href} aria-label={`${m.bell}${data?.unread ? ` (${data.unread})` : ''}`}>
      {/* inline-flex, line height 1: the badge sits on the icon, not on the top of the header's tall line box. */}
      <span style={{ position: 'relative', display: 'inline-flex', lineHeight: 1, color: 'rgba(0,0,0,0.65)' }}>
        <BellOutlined style={{ fontSize: 18 }} />
        {!!data?.unread && <span style={COUNT}>{data.unread > 99 ? '99+' : data.unread}</span>}
      </span>
    </Link>
  )
}
