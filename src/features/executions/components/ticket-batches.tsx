import { Button, Popconfirm, Table, Tag } from 'antd'
import type { ExecutionDetail } from '../../../contract/executions'
import { fmt } from '../../../lib/i18n'
import { useExecutionMessages } from '../executions-messages'
import { BatchStatusTag } from './execution-tags'
import { useTicketOperation } from './ticket-operations'

type Batch = ExecutionDetail['batches'][number]

/** Batches in order with their counts; a batch that has not started can be skipped. */
export function TicketBatches({ detail }: { detail: ExecutionDetail }) {
  const m = useExecutionMessages()
  const { run, isPending } = useTicketOperation(detail.executeUuid)
  const canSkip = (b: Batch) => b.status === 'READY' && detail.allowedOperations.includes('SKIP_BATCH')
  return (
    <Table<Batch>
      scroll={{ x: 'max-content' }}
      rowKey="index"
      size="small"
      pagination={false}
      dataSource={detail.batches}
      aria-label={m.detail.batches}
      rowClassName={(b) => (b.index === detail.currentBatch ? 'ant-table-row-selected' : '')}
      columns={[
        { title: m.batch.index, dataIndex: 'index', render: (n: number) => fmt(m.host.batchN, { n }) },
        { title: m.batch.status, dataIndex: 'status', render: (s: Batch['status']) => <BatchStatusTag status={s} /> },
        { title: m.batch.hosts, dataIndex: 'total' },
        {
          title: m.batch.counts,
          key: 'counts',
          render: (_: unknown, b) => `${b.counts.FINISHED} / ${b.counts.ABNORMAL} / ${b.counts.CANCELED}`,
        },
        {
          title: m.batch.rotation,
          dataIndex: 'rotation',
          render: (r: Batch['rotation']) => <Tag color={r === 'PAUSE' ? 'gold' : undefined}>{m.rotation[r]}</Tag>,
        },
        {
          title: m.batch.actions,
          key: 'actions',
          render: (_: unknown, b) =>
            canSkip(b) && (
              <Popconfirm
                title={fmt(m.confirm.skipBatch, { n: b.index })}
                okText={m.confirm.yes}
                cancelText={m.confirm.no}
                okButtonProps={{ danger: true }}
                onConfirm={() => run({ operation: 'SKIP_BATCH', batchIndex: b.index })}
              >
                <Button
                  size="small"
                  disabled={isPending}
                  aria-label={`${m.ops.SKIP_BATCH} ${fmt(m.host.batchN, { n: b.index })}`}
                >
                  {m.ops.SKIP_BATCH}
                </Button>
              </Popconfirm>
            ),
        },
      ]}
    />
  )
}
