import { useQuery } from '@tanstack/react-query'
import { Alert, Input, Select, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import type { AgentStatus, Host } from '../../../contract/cmdb'
import { paths } from '../../../config/paths'
import { formatTime } from '../../../lib/format'
import { fmt } from '../../../lib/i18n'
import { cmdbQueries } from '../api/cmdb-queries'
import { useCmdbMessages } from '../cmdb-messages'
import { type Scope, scopeFilter } from '../utils/scope'
import { AgentStatusTag } from './agent-status-tag'

export interface HostsTableProps {
  scope: Scope
  onOpenHost: (hostId: number) => void
}

const PAGE_SIZE = 50

/** Server-paged hosts of the selected scope, searchable by name/IP and agent status; a row opens the host drawer. */
export function HostsTable({ scope, onOpenHost }: HostsTableProps) {
  const m = useCmdbMessages()
  const [q, setQ] = useState('')
  const [status, setStatus] = useState<AgentStatus | undefined>()
  const [page, setPage] = useState(1)
  const { data, isLoading, error } = useQuery(
    cmdbQueries.hosts({ ...scopeFilter(scope), q: q || undefined, status, page, pageSize: PAGE_SIZE }),
  )
  if (error) return <Alert type="error" showIcon title={m.loadFailed} description={error.message} />
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text type="secondary">
          {fmt(m.table.scope, { scope: scope.kind === 'all' ? m.table.allScope : scope.name })}
        </Typography.Text>
        <Input.Search
          aria-label={m.table.search}
          placeholder={m.table.search}
          allowClear
          onSearch={(v) => {
            setQ(v.trim())
            setPage(1)
          }}
          style={{ width: 220 }}
        />
        <Select<AgentStatus | undefined>
          aria-label={m.table.status}
          value={status}
          placeholder={m.table.anyStatus}
          allowClear
          style={{ width: 160 }}
          onChange={(v) => {
            setStatus(v)
            setPage(1)
          }}
          options={(['online', 'offline', 'none'] as const).map((s) => ({ value: s, label: m.status[s] }))}
        />
      </Space>
      <Table<Host>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data?.items}
        locale={{ emptyText: m.table.empty }}
        onRow={(h) => ({ onClick: () => onOpenHost(h.id), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: m.table.name,
            dataIndex: 'name',
            render: (name: string, h) => (
              // A real link (keyboard, middle-click); the row click is the mouse shortcut for the same page.
              <Link to={paths.cmdbHost.href(h.id)} onClick={(e) => e.stopPropagation()}>
                {name}
              </Link>
            ),
          },
          { title: m.table.ip, dataIndex: 'innerIp' },
          {
            title: m.table.status,
            dataIndex: 'agentStatus',
            render: (s: AgentStatus) => <AgentStatusTag status={s} />,
          },
          {
            title: m.table.module,
            key: 'place',
            render: (_: unknown, h) => `${h.bizName} / ${h.setName} / ${h.moduleName}`,
          },
          { title: m.table.os, dataIndex: 'osName', ellipsis: true },
          { title: m.table.lastSeen, dataIndex: 'lastSeenAt', render: formatTime },
        ]}
      />
    </>
  )
}
