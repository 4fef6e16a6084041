import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Switch, Space, Typography } from 'antd'
import { ItemList, ItemRow } from '../../../components/item-list'
import { useState } from 'react'
import { Link } from 'react-router'
import { formatTime } from '../../../lib/format'
import { inboxQueries, useMarkRead } from '../api/inbox-queries'
import { useInboxMessages } from '../inbox-messages'
import { useInboxText } from '../inbox-text'

/** The inbox page: messages newest first; opening one marks it read. */
export function InboxList() {
  const m = useInboxMessages()
  const text = useInboxText()
  const [page, setPage] = useState(1)
  const [unreadOnly, setUnreadOnly] = useState(false)
  const { data, error, isLoading } = useQuery(inboxQueries.page(page, unreadOnly))
  const markRead = useMarkRead()
  if (error) return <Alert type="error" showIcon title={m.loadFailed} description={error.message} />
  return (
    <Card
      title={m.title}
      extra={
        <Space>
          <Switch
            size="small"
            checked={unreadOnly}
            onChange={(v) => {
              setUnreadOnly(v)
              setPage(1)
            }}
            aria-label={m.unreadOnly}
          />{' '}
          {m.unreadOnly}
          <Button size="small" onClick={() => markRead.mutate('all')}>
            {m.markAll}
          </Button>
        </Space>
      }
    >
      <ItemList
        loading={isLoading}
        items={data?.items}
        rowKey={(msg) => msg.id}
        emptyText={m.empty}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage }}
        renderItem={(msg) => {
          const { title, body } = text(msg)
          return (
            <ItemRow
              actions={
                msg.link
                  ? [
                      <Link key="open" to={msg.link} onClick={() => !msg.read && markRead.mutate(msg.id)}>
                        {m.open}
                      </Link>,
                    ]
                  : []
              }
              title={<Typography.Text strong={!msg.read}>{title}</Typography.Text>}
              description={
                <>
                  {body && <div>{body}</div>}
                  <Typography.Text type="secondary">{formatTime(msg.createdAt)}</Typography.Text>
                </>
              }
            />
          )
        }}
      />
    </Card>
  )
}
