import { DownloadOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Input, Select, Space, Table, Tag } from 'antd'
import { patchRoutes, type InstanceCompliant } from '../../../contract/patches'
import { call } from '../../../lib/api-client'
import { formatDuration, formatTime } from '../../../lib/format'
import { fmt, useLocale } from '../../../lib/i18n'
import { patchQueries, type ReportQuery } from '../api/patches-queries'
import { usePatchMessages } from '../patches-messages'
import { downloadText, toCsv } from '../../../lib/csv'
import { fetchAllPages } from '../utils/fetch-all-pages'
import { CompliantTag } from './status-tags'
import { ErrorReason } from '../../../components/error-reason'

export interface NodeTableProps {
  query: ReportQuery
  osOptions: string[]
  onQueryChange: (q: ReportQuery) => void
  onOpen: (report: InstanceCompliant) => void
  /** Non-compliant nodes chosen for Patch now; selection is off when undefined (no permission). */
  selected?: InstanceCompliant[]
  onSelect?: (rows: InstanceCompliant[]) => void
  /** Reports older than this many days are shown as stale. */
  staleAfterDays: number
}

const CSV_COLUMNS: { header: string; value: (r: InstanceCompliant) => string | number | null }[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'name', value: (r) => r.name },
  { header: 'instance_id', value: (r) => r.instance_id },
  { header: 'ip', value: (r) => r.ip },
  { header: 'operating_system', value: (r) => r.operating_system },
  { header: 'region', value: (r) => r.region },
  { header: 'group', value: (r) => r.group },
  { header: 'status', value: (r) => r.status },
  { header: 'baseline_name', value: (r) => r.baseline_name },
  { header: 'compliant_count', value: (r) => r.compliant_summary.compliant_count },
  { header: 'non_compliant_count', value: (r) => r.non_compliant_summary.non_compliant_count },
  { header: 'critical_missing', value: (r) => r.non_compliant_summary.severity_summary.critical_count },
  { header: 'high_missing', value: (r) => r.non_compliant_summary.severity_summary.high_count },
  { header: 'report_time', value: (r) => new Date(r.execution_summary.report_time).toISOString() },
  { header: 'order_id', value: (r) => r.execution_summary.order_id },
]

/** Node reports with the COC filters, server paging, report-time sort and CSV export of every matching node. */
export function NodeTable({
  query,
  osOptions,
  onQueryChange,
  onOpen,
  selected,
  onSelect,
  staleAfterDays,
}: NodeTableProps) {
  const m = usePatchMessages()
  const { locale } = useLocale()
  const now = Date.now()
  const { data, isFetching, error } = useQuery(patchQueries.reports(query))
  const set = (patch: Partial<ReportQuery>) => onQueryChange({ ...query, ...patch, offset: 1 })

  async function exportCsv() {
    const rows = await fetchAllPages(async (offset) => {
      const r = await call(patchRoutes.listInstanceCompliant, { query: { ...query, offset, limit: 100 } })
      return { count: r.count, items: r.instance_compliant }
    })
    downloadText('patch-compliance.csv', toCsv(rows, CSV_COLUMNS))
  }

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={m.table.search}
          aria-label={m.table.search}
          defaultValue={query.name}
          onSearch={(v) => set({ name: v || undefined })}
          style={{ width: 220 }}
        />
        <Select
          aria-label={m.table.status}
          allowClear
          placeholder={m.table.status}
          style={{ width: 160 }}
          value={query.compliant_status}
          onChange={(v) => set({ compliant_status: v })}
          options={[
            { value: 'compliant', label: m.status.compliant },
            { value: 'non_compliant', label: m.status.non_compliant },
          ]}
        />
        <Select
          aria-label={m.table.os}
          allowClear
          placeholder={m.table.os}
          style={{ width: 160 }}
          value={query.operating_system}
          onChange={(v) => set({ operating_system: v })}
          options={osOptions.map((o) => ({ value: o, label: o }))}
        />
        {query.region && (
          <Tag closable onClose={() => set({ region: undefined })}>{`${m.table.region}: ${query.region}`}</Tag>
        )}
        {query.group && (
          <Tag closable onClose={() => set({ group: undefined })}>{`${m.table.group}: ${query.group}`}</Tag>
        )}
        {query.instance_id && (
          <Tag closable onClose={() => set({ instance_id: undefined })}>
            {query.instance_id}
          </Tag>
        )}
        <Button icon={<DownloadOutlined />} onClick={() => void exportCsv()}>
          {m.table.export}
        </Button>
      </Space>
      {error && (
        <Alert
          type="error"
          showIcon
          title={m.loadFailed}
          description={<ErrorReason error={error} />}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<InstanceCompliant>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.instance_compliant}
        onRow={(r) => ({ onClick: () => onOpen(r), style: { cursor: 'pointer' } })}
        scroll={{ x: 'max-content' }}
        rowSelection={
          selected && onSelect
            ? {
                // Kept across pages and filters: the chosen hosts, not the rows on screen.
                preserveSelectedRowKeys: true,
                selectedRowKeys: selected.map((r) => r.id),
                getCheckboxProps: (r) => ({ disabled: r.status !== 'non_compliant', 'aria-label': r.name }),
                onChange: (_keys, rows) => {
                  const byId = new Map(selected.map((r) => [r.id, r]))
                  for (const r of rows) if (r) byId.set(r.id, r)
                  const keep = new Set(_keys)
                  onSelect([...byId.values()].filter((r) => keep.has(r.id)))
                },
              }
            : undefined
        }
        pagination={{
          current: query.offset ?? 1,
          pageSize: query.limit ?? 10,
          total: data?.count,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          onChange: (offset, limit) => onQueryChange({ ...query, offset, limit }),
        }}
        onChange={(_p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter
          if (s?.columnKey === 'time')
            onQueryChange({ ...query, sort_key: 'report_time', sort_dir: s.order === 'ascend' ? 'asc' : 'desc' })
        }}
        columns={[
          {
            title: m.table.name,
            dataIndex: 'name',
            // A real button so keyboard users can open the report; the row click is the mouse shortcut.
            render: (n: string, r) => (
              <Button
                type="link"
                size="small"
                style={{ padding: 0 }}
                onClick={(e) => {
                  e.stopPropagation()
                  onOpen(r)
                }}
              >
                {n}
              </Button>
            ),
          },
          { title: m.table.ip, dataIndex: 'ip' },
          { title: m.table.os, dataIndex: 'operating_system' },
          { title: m.table.region, dataIndex: 'region' },
          { title: m.table.group, dataIndex: 'group' },
          {
            title: m.table.status,
            dataIndex: 'status',
            render: (s: InstanceCompliant['status']) => <CompliantTag status={s} />,
          },
          {
            title: m.table.missing,
            key: 'missing',
            render: (_: unknown, r) => r.non_compliant_summary.non_compliant_count,
          },
          { title: m.table.baseline, dataIndex: 'baseline_name' },
          {
            title: m.table.reportTime,
            key: 'time',
            sorter: true,
            render: (_: unknown, r) => {
              const age = now - r.execution_summary.report_time
              const stale = age > staleAfterDays * 86_400_000
              return (
                <span title={formatTime(r.execution_summary.report_time)}>
                  {fmt(m.ago, {
                    d:
                      age >= 2 * 86_400_000
                        ? fmt(m.days, { n: Math.floor(age / 86_400_000) })
                        : formatDuration(Math.max(0, age), locale),
                  })}
                  {stale && (
                    <Tag color="red" style={{ marginLeft: 6 }}>
                      {m.scanAgeStale}
                    </Tag>
                  )}
                </span>
              )
            },
          },
        ]}
      />
    </>
  )
}
