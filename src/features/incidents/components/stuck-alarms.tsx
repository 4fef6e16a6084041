import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd'
import type { StuckAlarm } from '../../../contract/alarm-inbox'
import { ErrorReason } from '../../../components/error-reason'
import { formatTime } from '../../../lib/format'
import { fmt } from '../../../lib/i18n'
import { stuckAlarmQueries, useDiscardStuckAlarm, useRetryStuckAlarm } from '../api/stuck-alarms-api'
import { useIncidentMessages } from '../incidents-messages'

/**
 * Alarms the webhook accepted (answered 200) but that never became incidents, each with its last error and
 * Retry / Discard; renders nothing while there are none.
 */
export function StuckAlarms() {
  const m = useIncidentMessages().stuck
  const { data, error } = useQuery(stuckAlarmQueries.list())
  const retry = useRetryStuckAlarm({ successMessage: m.retried })
  const discard = useDiscardStuckAlarm({ successMessage: m.discarded })
  if (error) return <Alert type="error" showIcon title={<ErrorReason error={error} />} style={{ marginBottom: 16 }} />
  if (!data?.total) return null
  return (
    <section aria-label={m.section} style={{ marginBottom: 24 }}>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 8 }}
        title={data.total === 1 ? m.one : fmt(m.many, { n: data.total })}
        description={
          data.total > data.items.length
            ? `${m.hint} ${fmt(m.shown, { shown: data.items.length, total: data.total })}`
            : m.hint
        }
      />
      <Table<StuckAlarm>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={data.items}
        columns={[
          { title: m.receivedAt, dataIndex: 'received_at', render: formatTime },
          {
            title: m.alarm,
            key: 'alarm',
            render: (_: unknown, a) => (
              <>
                <div>
                  {a.alarm_name} {a.alarm_status === 'ok' && <Tag>{m.recovery}</Tag>}
                </div>
                <Typography.Text type="secondary" code>
                  {a.alarm_id}
                </Typography.Text>
              </>
            ),
          },
          { title: m.key, dataIndex: 'key_name' },
          { title: m.attempts, dataIndex: 'attempts' },
          {
            title: m.lastError,
            dataIndex: 'last_error',
            render: (e: string | null) => (
              <div style={{ color: '#cf1322', maxWidth: 320, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {e ?? '—'}
              </div>
            ),
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, a) => (
              <Space size="small">
                <Button
                  size="small"
                  loading={retry.isPending && retry.variables === a.id}
                  onClick={() => retry.mutate(a.id)}
                >
                  {m.retry}
                </Button>
                <Popconfirm title={m.confirmDiscard} onConfirm={() => discard.mutate(a.id)}>
                  <Button size="small" danger loading={discard.isPending && discard.variables === a.id}>
                    {m.discard}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </section>
  )
}
