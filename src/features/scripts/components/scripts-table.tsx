import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Input, Popconfirm, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import { FilterSelect } from '../../../components/filter-select'
import type { ScriptSummary, ScriptSummaryQuery } from '../../../contract/script-console'
import { SCRIPT_STATUSES } from '../../../contract/script-review'
import { RiskLevelSchema, ScriptTypeSchema, type ScriptType } from '../../../contract/scripts'
import { formatTime } from '../../../lib/format'
import { SCRIPT_TYPE_NAMES } from '../../../lib/script-type-names'
import { fmt } from '../../../lib/i18n'
import { useDeleteScript } from '../api/script-mutations'
import { SCRIPTS_FIRST_PAGE, scriptQueries } from '../api/script-queries'
import { useScriptsMessages } from '../scripts-messages'
import { HighRiskBadge, RiskTag, ScriptStatusTag } from './script-tags'
import { pagedTableProps } from '../../../components/paged-table'
import { ErrorReason } from '../../../components/error-reason'

export interface ScriptsTableProps {
  canWrite: boolean
  onOpen: (scriptUuid: string) => void
  onEdit: (scriptUuid: string) => void
}

type Filters = Pick<ScriptSummaryQuery, 'nameLike' | 'type' | 'riskLevel' | 'status'>

/** The library: filters, search, paging; rows open the detail drawer. */
export function ScriptsTable({ canWrite, onOpen, onEdit }: ScriptsTableProps) {
  const m = useScriptsMessages()
  const [filters, setFilters] = useState<Filters>({})
  const [page, setPage] = useState(SCRIPTS_FIRST_PAGE)
  const list = useQuery(scriptQueries.list({ ...filters, ...page }))
  const { error } = list
  const remove = useDeleteScript({ successMessage: m.deleted })
  const set = (patch: Filters) => {
    setFilters((f) => ({ ...f, ...patch }))
    setPage((p) => ({ ...p, page: 1 }))
  }
  if (error) return <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={m.search}
          aria-label={m.search}
          onSearch={(v) => set({ nameLike: v || undefined })}
          style={{ width: 220 }}
        />
        <FilterSelect
          label={m.col.type}
          placeholder={m.any.type}
          width={140}
          value={filters.type}
          options={ScriptTypeSchema.options.map((t) => ({ value: t, label: SCRIPT_TYPE_NAMES[t] }))}
          onChange={(type) => set({ type })}
        />
        <FilterSelect
          label={m.col.risk}
          placeholder={m.any.risk}
          width={140}
          value={filters.riskLevel}
          options={RiskLevelSchema.options.map((r) => ({ value: r, label: m.risk[r] }))}
          onChange={(riskLevel) => set({ riskLevel })}
        />
        <FilterSelect
          label={m.col.status}
          placeholder={m.any.status}
          width={160}
          value={filters.status}
          options={SCRIPT_STATUSES.map((s) => ({ value: s, label: m.status[s] }))}
          onChange={(status) => set({ status })}
        />
      </Space>
      <Table<ScriptSummary>
        scroll={{ x: 'max-content' }}
        rowKey="scriptUuid"
        {...pagedTableProps(list, page, setPage, m.empty)}
        columns={[
          {
            title: m.col.name,
            dataIndex: 'name',
            render: (name: string, s) => (
              <Space size={4}>
                <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(s.scriptUuid)}>
                  {name}
                </Button>
                <HighRiskBadge findings={s.highRiskFindings} />
              </Space>
            ),
          },
          { title: m.col.type, dataIndex: 'type', render: (t: ScriptType) => SCRIPT_TYPE_NAMES[t] ?? t },
          {
            title: m.col.risk,
            dataIndex: 'riskLevel',
            render: (r: ScriptSummary['riskLevel']) => <RiskTag level={r} />,
          },
          {
            title: m.col.status,
            dataIndex: 'status',
            render: (s: ScriptSummary['status']) => <ScriptStatusTag status={s} />,
          },
          { title: m.col.version, dataIndex: 'version' },
          {
            title: m.col.reviewers,
            dataIndex: 'reviewers',
            render: (rs: ScriptSummary['reviewers']) =>
              rs.map((r) => (
                <Tag
                  key={r.name}
                  color={r.decision === 'approved' ? 'green' : r.decision === 'rejected' ? 'red' : undefined}
                >
                  {r.name}
                </Tag>
              )),
          },
          { title: m.col.creator, dataIndex: 'creator' },
          { title: m.col.updated, dataIndex: 'updatedAt', render: formatTime },
          ...(canWrite
            ? [
                {
                  title: '',
                  key: 'actions',
                  render: (_: unknown, s: ScriptSummary) => (
                    <Space>
                      <Button size="small" onClick={() => onEdit(s.scriptUuid)}>
                        {m.edit}
                      </Button>
                      <Popconfirm
                        title={fmt(m.confirmDelete, { name: s.name })}
                        okText={m.delete}
                        cancelText={m.form.cancel}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => remove.mutateAsync(s.scriptUuid)}
                      >
                        <Button size="small" danger>
                          {m.delete}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  )
}
