import { DownloadOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Drawer, Input, Select, Space, Table, Tooltip, Typography } from 'antd'
import { useState } from 'react'
import {
  patchRoutes,
  PatchStatusSchema,
  SEVERITIES,
  type ComplianceItem,
  type InstanceCompliant,
  type PatchStatus,
} from '../../../contract/patches'
import { call } from '../../../lib/api-client'
import { fmt } from '../../../lib/i18n'
import { formatTime } from '../../../lib/format'
import { patchQueries } from '../api/patches-queries'
import { usePatchMessages } from '../patches-messages'
import { downloadText, toCsv } from '../../../lib/csv'
import { fetchAllPages } from '../utils/fetch-all-pages'
import { CompliantTag, PatchStatusTag } from './status-tags'
import { ErrorReason } from '../../../components/error-reason'

export interface PatchItemsDrawerProps {
  report: InstanceCompliant | null
  onClose: () => void
}

/** The patches of one node report: filters, server paging, installed-time sort and CSV export. */
export function PatchItemsDrawer({ report, onClose }: PatchItemsDrawerProps) {
  const m = usePatchMessages()
  const [page, setPage] = useState(1)
  const [status, setStatus] = useState<PatchStatus | undefined>()
  const [severity, setSeverity] = useState<string | undefined>()
  const [title, setTitle] = useState('')
  const [sortDir, setSortDir] = useState<'asc' | 'desc' | undefined>()
  const query = {
    offset: page,
    limit: 20,
    patch_status: status,
    severity_level: severity,
    title: title || undefined,
    sort_key: sortDir ? ('installed_time' as const) : undefined,
    sort_dir: sortDir,
  }
  const { data, isFetching, error } = useQuery({ ...patchQueries.items(report?.id ?? '', query), enabled: !!report })

  async function exportCsv() {
    if (!report) return
    const rows = await fetchAllPages(async (offset) => {
      const r = await call(patchRoutes.listComplianceItems, {
        params: { instance_compliant_id: report.id },
        query: { ...query, offset, limit: 100 },
      })
      return { count: r.count, items: r.compliance_items }
    })
    downloadText(
      `patches-${report.name}.csv`,
      toCsv<ComplianceItem>(rows, [
        { header: 'instance_id', value: (r) => r.instance_id },
        { header: 'title', value: (r) => r.title },
        { header: 'classification', value: (r) => r.classification },
        { header: 'severity_level', value: (r) => r.severity_level },
        { header: 'compliance_level', value: (r) => r.compliance_level },
        { header: 'patch_status', value: (r) => r.patch_detail.patch_status },
        { header: 'installed_version', value: (r) => r.installed_version ?? '' },
        { header: 'available_version', value: (r) => r.available_version ?? '' },
        { header: 'cve_ids', value: (r) => r.cve_ids.join(' ') },
        {
          header: 'installed_time',
          value: (r) => (r.patch_detail.installed_time ? new Date(r.patch_detail.installed_time).toISOString() : ''),
        },
        { header: 'baseline', value: (r) => r.patch_detail.patch_baseline_name },
      ]),
    )
  }

  return (
    <Drawer
      open={!!report}
      onClose={onClose}
      size="min(900px, 100vw)"
      title={
        report && (
          <Space>
            {fmt(m.items.title, { name: report.name })}
            <CompliantTag status={report.status} />
          </Space>
        )
      }
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => void exportCsv()}>
          {m.items.export}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={m.items.search}
          aria-label={m.items.search}
          onSearch={(v) => {
            setTitle(v)
            setPage(1)
          }}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          placeholder={m.items.status}
          style={{ width: 180 }}
          value={status}
          onChange={(v) => {
            setStatus(v)
            setPage(1)
          }}
          options={PatchStatusSchema.options.map((s) => ({ value: s, label: m.patchStatus[s] }))}
        />
        <Select
          allowClear
          placeholder={m.items.severity}
          style={{ width: 160 }}
          value={severity}
          onChange={(v) => {
            setSeverity(v)
            setPage(1)
          }}
          options={SEVERITIES.map((s) => ({ value: s, label: m.severity[s] }))}
        />
      </Space>
      {error && <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />}
      <Table<ComplianceItem>
        scroll={{ x: 'max-content' }}
        rowKey="title"
        size="small"
        loading={isFetching}
        dataSource={data?.compliance_items}
        locale={{ emptyText: m.items.empty }}
        pagination={{ current: page, pageSize: 20, total: data?.count, onChange: setPage, showSizeChanger: false }}
        onChange={(_p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter
          setSortDir(s?.order === 'ascend' ? 'asc' : s?.order === 'descend' ? 'desc' : undefined)
        }}
        columns={[
          { title: m.items.patch, dataIndex: 'title' },
          {
            title: m.items.status,
            key: 'status',
            render: (_: unknown, r) => <PatchStatusTag status={r.patch_detail.patch_status} />,
          },
          {
            title: m.items.installedVersion,
            key: 'installedVersion',
            render: (_: unknown, r) => r.installed_version ?? m.items.notInstalled,
          },
          {
            title: m.items.availableVersion,
            key: 'availableVersion',
            render: (_: unknown, r) => r.available_version ?? '—',
          },
          {
            title: m.items.cves,
            key: 'cves',
            render: (_: unknown, r) =>
              r.cve_ids.length ? (
                <Space size={[4, 4]} wrap style={{ maxWidth: 220 }}>
                  {r.cve_ids.map((id) => (
                    <a
                      key={id}
                      href={`https://www.cve.org/CVERecord?id=${encodeURIComponent(id)}`}
                      target="_blank"
                      rel="noreferrer noopener"
                    >
                      {id}
                    </a>
                  ))}
                </Space>
              ) : (
                <Tooltip title={m.items.noCvesHint}>
                  <Typography.Text type="secondary">{m.items.noCves}</Typography.Text>
                </Tooltip>
              ),
          },
          { title: m.items.classification, dataIndex: 'classification' },
          {
            title: m.items.severity,
            dataIndex: 'severity_level',
            render: (s: string) => m.severity[s as keyof typeof m.severity] ?? s,
          },
          {
            title: m.items.complianceLevel,
            dataIndex: 'compliance_level',
            render: (s: string) => m.severity[s as keyof typeof m.severity] ?? s,
          },
          {
            title: m.items.installed,
            key: 'installed',
            sorter: true,
            // A missing patch is not installed: never a date there, whatever an older report says.
            render: (_: unknown, r) =>
              r.patch_detail.patch_status === 'MISSING' ? '—' : formatTime(r.patch_detail.installed_time),
          },
        ]}
      />
    </Drawer>
  )
}
