import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Flex, Popconfirm, Space, Tag, Typography } from 'antd'
import type { ReactNode } from 'react'
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
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}>
        {data.items.map((a) => (
          <li key={a.id} style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: '8px 12px' }}>
            <Flex justify="space-between" align="start" gap={8} wrap>
              <div style={{ minWidth: 0, flex: '1 1 220px' }}>
                <Typography.Text strong>{a.alarm_name}</Typography.Text>{' '}
                {a.alarm_status === 'ok' && <Tag>{m.recovery}</Tag>}
                <div>
                  <Typography.Text type="secondary" code style={{ wordBreak: 'break-all' }}>
                    {a.alarm_id}
                  </Typography.Text>
                </div>
              </div>
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
            </Flex>
            <Flex gap="4px 16px" wrap style={{ marginTop: 4 }}>
              <Field label={m.receivedAt}>{formatTime(a.received_at)}</Field>
              <Field label={m.key}>{a.key_name}</Field>
              <Field label={m.attempts}>{a.attempts}</Field>
            </Flex>
            <Field label={m.lastError}>
              <span style={{ color: '#cf1322', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {a.last_error ?? '—'}
              </span>
            </Field>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** One labelled value of a stuck alarm (a list, not a table: the drawer is narrow, and on a phone narrower). */
function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Typography.Text type="secondary">{label}: </Typography.Text>
      {children}
    </div>
  )
}
