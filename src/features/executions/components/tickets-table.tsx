import { useQuery } from '@tanstack/react-query'
import { Alert, Input, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { FilterSelect } from '../../../components/filter-select'
import { Link, useSearchParams } from 'react-router'
import { paths } from '../../../config/paths'
import { ORDER_STATUS_LABELS, ORDER_STATUSES, type OrderStatus } from '../../../contract/execution-rules'
import type { ExecutionSummary } from '../../../contract/executions'
import { formatTime } from '../../../lib/format'
import { fmt, useLocale } from '../../../lib/i18n'
import { executionQueries, isLiveStatus, TICKETS_FIRST_PAGE, type TicketListQuery } from '../api/execution-queries'
import { useExecutionMessages } from '../executions-messages'
import { runDuration } from '../utils/durations'
import { CountsProgress, OrderStatusTag, RiskLevelTag } from './execution-tags'
import { pagedTableProps } from '../../../components/paged-table'
import { ErrorReason } from '../../../components/error-reason'

type Filters = Pick<TicketListQuery, 'status' | 'creator' | 'q'>

/** Ticket list with status, creator and text filters; polls every 5 s while a row on the page runs. */
export function TicketsTable() {
  const m = useExecutionMessages()
  const { locale } = useLocale()
  const [filters, setFilters] = useState<Filters>({})
  const [page, setPage] = useState<{ page: number; pageSize: number }>(TICKETS_FIRST_PAGE)
  // `?hostId=` comes from the CMDB host drawer: tickets that ran on that host.
  const [search, setSearch] = useSearchParams()
  const hostId = Number(search.get('hostId')) || undefined
  const list = useQuery(executionQueries.list({ ...filters, ...page, hostId }))
  const { data, error } = list
  const set = (patch: Filters) => {
    setFilters((f) => ({ ...f, ...patch }))
    setPage((p) => ({ ...p, page: 1 }))
  }
  const running = data?.items.some((t) => isLiveStatus(t.status))
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={m.filters.search}
          aria-label={m.filters.search}
          style={{ width: 260 }}
          onSearch={(v) => set({ q: v || undefined })}
        />
        <FilterSelect<OrderStatus>
          label={m.filters.status}
          placeholder={m.filters.anyStatus}
          width={150}
          value={filters.status}
          options={ORDER_STATUSES.map((s) => ({
            value: s,
            label: ORDER_STATUS_LABELS[s][locale === 'zh-CN' ? 'zh' : 'en'],
          }))}
          onChange={(status) => set({ status })}
        />
        <Input.Search
          allowClear
          placeholder={m.filters.creator}
          aria-label={m.filters.creator}
          style={{ width: 160 }}
          onSearch={(v) => set({ creator: v || undefined })}
        />
        {hostId && (
          <Tag closable onClose={() => setSearch({})}>
            {fmt(m.filters.onHost, { id: hostId })}
          </Tag>
        )}
        {running && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.polling}
          </Typography.Text>
        )}
      </Space>
      {error && <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />}
      <Table<ExecutionSummary>
        scroll={{ x: 'max-content' }}
        rowKey="executeUuid"
        size="middle"
        {...pagedTableProps(list, page, setPage, m.empty)}
        columns={[
          {
            title: m.col.uuid,
            dataIndex: 'executeUuid',
            render: (id: string) => (
              <Link to={paths.ticket.href(id)} style={{ fontFamily: 'monospace' }}>
                {id}
              </Link>
            ),
          },
          {
            title: m.col.script,
            key: 'script',
            render: (_: unknown, t) => (
              <Space size={4}>
                {t.kind === 'push_file' && <Tag color="geekblue">{m.ticketKinds.push_file}</Tag>}
                {t.scriptName}
                {t.kind !== 'push_file' && <RiskLevelTag level={t.riskLevel} />}
              </Space>
            ),
          },
          { title: m.col.status, dataIndex: 'status', render: (s: OrderStatus) => <OrderStatusTag status={s} /> },
          {
            title: m.col.progress,
            key: 'progress',
            width: 180,
            render: (_: unknown, t) => <CountsProgress counts={t.counts} total={t.totalInstances} />,
          },
          {
            title: m.col.batch,
            key: 'batch',
            render: (_: unknown, t) => fmt(m.batchOf, { current: t.currentBatch, total: t.totalBatches }),
          },
          { title: m.col.creator, dataIndex: 'creator' },
          { title: m.col.created, dataIndex: 'createdAt', render: formatTime },
          {
            title: m.col.duration,
            key: 'duration',
            render: (_: unknown, t) => runDuration(t.startedAt, t.finishedAt, Date.now(), locale),
          },
        ]}
      />
    </Space>
  )
}
