import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, List, Switch, Space, Typography } from 'antd'
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
      <List
        loading={isLoading}
        dataSource={data?.items}
        locale={{ emptyText: m.empty }}
        pagination={{ current: page, pageSize: 20, total: data?.total, onChange: setPage, hideOnSinglePage: true }}
        renderItem={(msg) => {
          const { title, body } = text(msg)
          return (
            <List.Item
              actions={
                msg.link
                  ? [
                      <Link key="open" to={msg.link} onClick={() => !msg.read && markRead.mutate(msg.id)}>
                        {m.open}
                      </Link>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={<Typography.Text strong={!msg.read}>{title}</Typography.Text>}
                description={
                  <>
                    {body && <div>{body}</div>}
                    <Typography.Text type="secondary">{formatTime(msg.createdAt)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )
        }}
      />
    </Card>
  )
}
