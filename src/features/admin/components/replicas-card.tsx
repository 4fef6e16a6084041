import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Table, Tag, Typography } from 'antd'
import type { ReplicaStatus } from '../../../contract/system'
import { formatDuration, formatTime } from '../../../lib/format'
import { fmt, useLocale } from '../../../lib/i18n'
import { useNow } from '../../../lib/use-now'
import { adminQueries } from '../api/admin-queries'
import { useAdminMessages } from '../admin-messages'

/**
 * The console's replicas on every machine, for the platform admin running it: which are alive, which one
 * answered, and the agents and tickets each holds (a dead one's move to the others within seconds); and the
 * database server they share, with how long it has run (a restart after a crash shows).
 */
export function ReplicasCard() {
  const m = useAdminMessages()
  const { locale } = useLocale()
  const now = useNow(true)
  const { data, error, isLoading } = useQuery(adminQueries.replicas())
  /** How long ago `iso` was, as of the ticking clock. */
  const elapsed = (iso: string) => formatDuration(Math.max(0, now - new Date(iso).getTime()), locale)
  return (
    <Card title={m.replicas.title}>
      <Typography.Paragraph type="secondary">{m.replicas.hint}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={m.replicas.loadFailed} style={{ marginBottom: 16 }} />}
      {data && (
        <Typography.Paragraph>
          <Typography.Text strong>{m.replicas.database}: </Typography.Text>
          {fmt(m.replicas.databaseUp, {
            version: data.database.version,
            duration: elapsed(data.database.startedAt),
            since: formatTime(data.database.startedAt),
          })}
        </Typography.Paragraph>
      )}
      <Table<ReplicaStatus>
        scroll={{ x: 'max-content' }}
        rowKey="replica"
        size="small"
        loading={isLoading}
        pagination={false}
        dataSource={data?.replicas ?? []}
        locale={{ emptyText: m.replicas.empty }}
        columns={[
          {
            title: m.replicas.replica,
            dataIndex: 'replica',
            render: (id: string) => (
              <>
                <Typography.Text code>{id}</Typography.Text>
                {id === data?.servedBy && <Tag color="blue">{m.replicas.thisOne}</Tag>}
              </>
            ),
          },
          {
            title: m.replicas.lastBeat,
            dataIndex: 'lastBeatAt',
            render: (at: string | null) =>
              at ? `${elapsed(at)}${m.replicas.agoSuffix}` : <Tag color="red">{m.replicas.gone}</Tag>,
          },
          { title: m.replicas.agents, dataIndex: 'agents', align: 'right' },
          { title: m.replicas.tickets, dataIndex: 'tickets', align: 'right' },
        ]}
      />
    </Card>
  )
}
