import { DownloadOutlined, FileTextOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Input, Popconfirm, Space, Table } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { FilterSelect } from '../../../components/filter-select'
import { INSTANCE_STATUS_LABELS, INSTANCE_STATUSES, type InstanceStatus } from '../../../contract/execution-rules'
import type { ExecutionDetail, InstanceView } from '../../../contract/executions'
import { downloadText, toCsv } from '../../../lib/csv'
import { fmt, useLocale } from '../../../lib/i18n'
import { executionQueries, type InstanceListQuery } from '../api/execution-queries'
import { useExecutionMessages } from '../executions-messages'
import { runDuration } from '../utils/durations'
import { InstanceStatusTag } from './execution-tags'
import { isTyping, useTicketOperation } from './ticket-operations'
import { ErrorReason } from '../../../components/error-reason'

export interface TicketInstancesProps {
  detail: ExecutionDetail
  onOpenLog: (instance: InstanceView) => void
}

type Filters = Pick<InstanceListQuery, 'status' | 'batchIndex' | 'q'>

/**
 * Hosts of the ticket with filters and paging; Cancel/Retry per row as the state allows; j/k select, Enter opens the
 * log.
 */
export function TicketInstances({ detail, onOpenLog }: TicketInstancesProps) {
  const m = useExecutionMessages()
  const { locale } = useLocale()
  const uuid = detail.executeUuid
  const [filters, setFilters] = useState<Filters>({})
  const [page, setPage] = useState({ page: 1, pageSize: 50 })
  const [selected, setSelected] = useState(0)
  const { data, error, isLoading } = useQuery(executionQueries.instances(uuid, { ...filters, ...page }))
  const { run, isPending } = useTicketOperation(uuid)
  const queryClient = useQueryClient()
  const [exporting, setExporting] = useState(false)

  /** Every host of the ticket (≤ 200, one page) with its outcome, as CSV: for triage and hand-over. */
  async function exportCsv() {
    setExporting(true)
    try {
      const all = await queryClient.fetchQuery(executionQueries.instances(uuid, { page: 1, pageSize: 200 }))
      downloadText(
        `${uuid}-hosts.csv`,
        toCsv(all.items, [
          { header: m.host.name, value: (i) => i.hostName },
          { header: m.host.ip, value: (i) => i.ip },
          { header: 'agent_sn', value: (i) => i.agentSn },
          { header: m.host.batch, value: (i) => i.batchIndex },
          { header: m.host.status, value: (i) => i.status },
          { header: m.host.exit, value: (i) => i.exitCode },
          { header: m.host.message, value: (i) => i.message },
          { header: m.host.attempt, value: (i) => i.attempt },
          { header: 'started_at', value: (i) => i.startedAt },
          { header: 'finished_at', value: (i) => i.finishedAt },
        ]),
      )
    } finally {
      setExporting(false)
    }
  }
  const set = (patch: Filters) => {
    setFilters((f) => ({ ...f, ...patch }))
    setPage((p) => ({ ...p, page: 1 }))
    setSelected(0)
  }
  const rows = data?.items ?? []
  const canCancel = (i: InstanceView) =>
    (i.status === 'READY' || i.status === 'PROCESSING') && detail.allowedOperations.includes('CANCEL_INSTANCE')
  const canRetry = (i: InstanceView) =>
    (i.status === 'ABNORMAL' || i.status === 'CANCELED') && detail.allowedOperations.includes('RETRY_INSTANCE')

  const keys = useRef({ rows, selected, onOpenLog })
  keys.current = { rows, selected, onOpenLog }
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e)) return
      const { rows: list, selected: at } = keys.current
      if (!list.length) return
      if (e.key === 'j') setSelected(Math.min(list.length - 1, at + 1))
      else if (e.key === 'k') setSelected(Math.max(0, at - 1))
      else if (e.key === 'Enter' && (e.target as HTMLElement | null)?.tagName !== 'BUTTON')
        keys.current.onOpenLog(list[Math.min(at, list.length - 1)])
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={m.host.search}
          aria-label={m.host.search}
          style={{ width: 220 }}
          onSearch={(v) => set({ q: v || undefined })}
        />
        <FilterSelect<InstanceStatus>
          label={m.host.status}
          placeholder={m.host.anyStatus}
          width={140}
          value={filters.status}
          options={INSTANCE_STATUSES.map((s) => ({
            value: s,
            label: INSTANCE_STATUS_LABELS[s][locale === 'zh-CN' ? 'zh' : 'en'],
          }))}
          onChange={(status) => set({ status })}
        />
        <FilterSelect<number>
          label={m.host.batch}
          placeholder={m.host.anyBatch}
          width={130}
          value={filters.batchIndex as number | undefined}
          options={detail.batches.map((b) => ({ value: b.index, label: fmt(m.host.batchN, { n: b.index }) }))}
          onChange={(batchIndex) => set({ batchIndex })}
        />
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()}>
          {m.host.exportCsv}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={<ErrorReason error={error} />} />}
      <Table<InstanceView>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={rows}
        aria-label={m.detail.hosts}
        rowClassName={(_, k) => (k === selected ? 'ant-table-row-selected' : '')}
        onRow={(_, k) => ({ onClick: () => setSelected(k ?? 0) })}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: data?.total,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          onChange: (p, s) => {
            setPage({ page: p, pageSize: s })
            setSelected(0)
          },
        }}
        columns={[
          {
            title: m.host.name,
            dataIndex: 'hostName',
            width: 190,
            render: (name: string, i) => (
              <Button
                type="link"
                size="small"
                style={{ padding: 0 }}
                icon={<FileTextOutlined />}
                aria-label={`${m.host.log} ${name}`}
                onClick={() => onOpenLog(i)}
              >
                {name}
              </Button>
            ),
          },
          { title: m.host.ip, dataIndex: 'ip' },
          { title: m.host.batch, dataIndex: 'batchIndex' },
          {
            title: m.host.status,
            dataIndex: 'status',
            render: (s: InstanceStatus) => <InstanceStatusTag status={s} />,
          },
          { title: m.host.exit, dataIndex: 'exitCode', render: (c: number | null) => c ?? '—' },
          { title: m.host.message, dataIndex: 'message', ellipsis: true },
          { title: m.host.attempt, dataIndex: 'attempt' },
          {
            title: m.host.duration,
            key: 'duration',
            render: (_: unknown, i) => runDuration(i.startedAt, i.finishedAt, Date.now(), locale),
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, i) => (
              <Space size={4}>
                {canCancel(i) && (
                  <Popconfirm
                    title={fmt(m.confirm.cancelHost, { host: i.hostName })}
                    okText={m.confirm.yes}
                    cancelText={m.confirm.no}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => run({ operation: 'CANCEL_INSTANCE', instanceId: i.id })}
                  >
                    <Button
                      size="small"
                      danger
                      disabled={isPending}
                      aria-label={`${m.ops.CANCEL_INSTANCE} ${i.hostName}`}
                    >
                      {m.ops.CANCEL_INSTANCE}
                    </Button>
                  </Popconfirm>
                )}
                {canRetry(i) && (
                  <Button
                    size="small"
                    disabled={isPending}
                    aria-label={`${m.ops.RETRY_INSTANCE} ${i.hostName}`}
                    onClick={() => run({ operation: 'RETRY_INSTANCE', instanceId: i.id })}
                  >
                    {m.ops.RETRY_INSTANCE}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  )
}
