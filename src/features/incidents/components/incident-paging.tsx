import { useQuery } from '@tanstack/react-query'
import { Alert, Descriptions, Table, Tag } from 'antd'
import { formatTime } from '../../../lib/format'
import { useIncidentMessages } from '../incidents-messages'
import { incidentQueries } from '../api/incidents-queries'
import { ErrorReason } from '../../../components/error-reason'

const STATUS_COLORS: Record<string, string> = {
  sent: 'green',
  failed: 'red',
  retrying: 'orange',
  skipped: 'default',
  pending: 'blue',
}

/** Who the incident paged, how far it escalated, who acknowledged, and every delivery with its failure. */
export function IncidentPaging({ num }: { num: string }) {
  const m = useIncidentMessages()
  const { data, error } = useQuery(incidentQueries.paging(num))
  if (error) return <Alert type="error" showIcon title={<ErrorReason error={error} />} />
  if (!data) return null
  return (
    <>
      <Descriptions
        size="small"
        column={2}
        items={[
          { key: 'status', label: m.paging.status, children: m.paging.statuses[data.status] },
          { key: 'policy', label: m.paging.policy, children: data.policyName ?? '—' },
          { key: 'level', label: m.paging.level, children: data.step + 1 },
          { key: 'ack', label: m.paging.acknowledgedBy, children: data.acknowledgedBy ?? '—' },
        ]}
      />
      <Table
        size="small"
        scroll={{ x: 'max-content' }}
        rowKey={(d) => `${d.channel}-${d.recipient}-${d.updatedAt}`}
        pagination={false}
        dataSource={data.deliveries}
        locale={{ emptyText: m.paging.noDeliveries }}
        columns={[
          { title: m.paging.channel, dataIndex: 'channel' },
          { title: m.paging.recipient, dataIndex: 'recipient' },
          {
            title: m.paging.status,
            dataIndex: 'status',
            render: (s: string, d) => (
              <>
                <Tag color={STATUS_COLORS[s]}>{s}</Tag>
                {d.lastError ? <div style={{ color: '#cf1322' }}>{d.lastError}</div> : null}
              </>
            ),
          },
          { title: m.paging.attempts, dataIndex: 'attempts' },
          { title: m.paging.updated, dataIndex: 'updatedAt', render: (v: string) => formatTime(Date.parse(v)) },
        ]}
      />
    </>
  )
}
