import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { paths } from '../../../config/paths'
import { inboxQueries, useMarkRead } from '../../../features/inbox/api/inbox-queries'
import { inboxText } from '../../../features/inbox/inbox-text'
import { formatDuration } from '../../../lib/format'
import { fmt, useLocale } from '../../../lib/i18n'
import { useHomeMessages } from './home-messages'
import { PanelList, PanelRow, StatusPanel } from './status-panel'

const ROWS = 5
const REVIEW_KIND = 'script.review-requested'

/**
 * Unread inbox messages that link somewhere to act, review requests first (a reviewer's inbox also holds ticket
 * and paging notices, so the panel is not titled "reviews"); opening one marks it read.
 */
export function WaitingPanel() {
  const m = useHomeMessages()
  const { locale } = useLocale()
  const { data, error, isLoading } = useQuery(inboxQueries.page(1, true))
  const markRead = useMarkRead()
  const actionable = (data?.items ?? [])
    .filter((i) => i.link)
    .sort((a, b) => Number(b.kind === REVIEW_KIND) - Number(a.kind === REVIEW_KIND))
  const shown = actionable.slice(0, ROWS)
  const more = (data?.unread ?? 0) - shown.length
  return (
    <StatusPanel
      title={m.waiting.title}
      count={data?.unread}
      isAlert
      viewAll={paths.inbox.href()}
      isLoading={isLoading}
      error={error}
      isEmpty={shown.length === 0}
      empty={m.waiting.empty}
    >
      <PanelList label={m.waiting.title}>
        {shown.map((i) => {
          const { title } = inboxText(i, locale)
          return (
            <PanelRow
              key={i.id}
              main={<span title={title}>{title}</span>}
              tag={
                <Link to={i.link!} onClick={() => markRead.mutate(i.id)}>
                  {i.kind === REVIEW_KIND ? m.waiting.review : m.waiting.act}
                </Link>
              }
              aside={formatDuration(Date.now() - Date.parse(i.createdAt), locale)}
            />
          )
        })}
      </PanelList>
      {more > 0 && (
        <div style={{ marginTop: 8 }}>
          <Link to={paths.inbox.href()}>{fmt(m.waiting.more, { n: more })}</Link>
        </div>
      )}
    </StatusPanel>
  )
}
