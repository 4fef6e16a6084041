import { ScanOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Progress, Space, Typography } from 'antd'
import { formatTime } from '../../../lib/format'
import { fmt } from '../../../lib/i18n'
import { useStartScan } from '../api/patches-mutations'
import { patchQueries } from '../api/patches-queries'
import { usePatchMessages } from '../patches-messages'

/** Start a scan of every online host and follow the latest order's progress. */
export function ScanBar({ canScan }: { canScan: boolean }) {
  const m = usePatchMessages()
  const { data: orders } = useQuery(patchQueries.scans())
  const start = useStartScan({ onSuccess: (o) => void o })
  const last = orders?.[0]
  const done = last ? last.succeeded + last.failed : 0
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {canScan && (
          <Button type="primary" icon={<ScanOutlined />} loading={start.isPending} onClick={() => start.mutate([])}>
            {m.scan.start}
          </Button>
        )}
        {last?.status === 'running' && (
          <Space>
            <Typography.Text>{fmt(m.scan.running, { done, total: last.total })}</Typography.Text>
            <Progress
              percent={Math.round((done / Math.max(last.total, 1)) * 100)}
              size="small"
              style={{ width: 160 }}
            />
          </Space>
        )}
        {last?.status === 'finished' && (
          <Typography.Text type="secondary">
            {fmt(m.scan.last, {
              time: formatTime(last.finishedAt ?? last.createdAt),
              ok: last.succeeded,
              failed: last.failed,
            })}
          </Typography.Text>
        )}
      </Space>
      {last && last.errors.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={fmt(m.scan.failedHosts, { n: last.errors.length })}
          description={last.errors
            .slice(0, 5)
            // The host's name, not its resource id; `*` is the order itself (interrupted).
            .map((e) => (e.instance_id === '*' ? e.message : `${e.name ?? m.scan.unknownHost}: ${e.message}`))
            .join(' · ')}
        />
      )}
    </Space>
  )
}
