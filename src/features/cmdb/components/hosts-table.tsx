import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Collapse, Input, Select, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { HostPaste } from '../../../components/host-paste'
import type { AgentStatus, Host, Topology } from '../../../contract/cmdb'
import { paths } from '../../../config/paths'
import { formatTime } from '../../../lib/format'
import { fmt } from '../../../lib/i18n'
import { toast } from '../../../lib/toast'
import { useMoveHosts } from '../api/cmdb-mutations'
import { cmdbQueries } from '../api/cmdb-queries'
import { useCmdbMessages } from '../cmdb-messages'
import { type Scope, scopeFilter } from '../utils/scope'
import { useSavedQueryMessages } from '../saved-query-messages'
import { AgentStatusTag } from './agent-status-tag'
import { SaveQueryModal } from './save-query-modal'

export interface HostsTableProps {
  scope: Scope
  onOpenHost: (hostId: number) => void
  /** The modules a selection can be moved to (cmdb:write roles only). */
  topology?: Topology
  canWrite?: boolean
}

const PAGE_SIZE = 50

/**
 * Server-paged hosts of the selected scope (online first), searchable by name/IP and agent status; a row opens the
 * host drawer. Hosts can be selected across pages: by hand, "select all matching" (the filter resolved to ids on the
 * server) or a pasted list of IPs/names; cmdb:write roles move the selection to a module.
 */
export function HostsTable({ scope, onOpenHost, topology, canWrite = false }: HostsTableProps) {
  const m = useCmdbMessages()
  const queryClient = useQueryClient()
  const [q, setQ] = useState('')
  const [status, setStatus] = useState<AgentStatus | undefined>()
  const [page, setPage] = useState(1)
  const [selected, setSelected] = useState<number[]>([])
  const [truncated, setTruncated] = useState(false)
  const [target, setTarget] = useState<number | undefined>()
  const [isSaving, setSaving] = useState(false)
  const sq = useSavedQueryMessages()
  const filter = { ...scopeFilter(scope), q: q || undefined, status }
  const { data, isLoading, error } = useQuery(cmdbQueries.hosts({ ...filter, page, pageSize: PAGE_SIZE }))
  const move = useMoveHosts({
    onSuccess: (r) => {
      toast.success(fmt(m.table.moved, { n: r.moved }))
      setSelected([])
      setTarget(undefined)
    },
  })
  const modules =
    topology?.businesses.flatMap((b) =>
      b.sets.flatMap((s) => s.modules.map((mod) => ({ value: mod.id, label: `${b.name} / ${s.name} / ${mod.name}` }))),
    ) ?? []
  async function selectAllMatching() {
    const r = await queryClient.fetchQuery(cmdbQueries.matching(filter))
    setSelected(r.ids)
    setTruncated(r.truncated)
  }
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
        <Typography.Text type="secondary">{m.table.onlineFirst}</Typography.Text>
        {canWrite && <Button onClick={() => setSaving(true)}>{sq.saveFilter}</Button>}
      </Space>
      {isSaving && (
        <SaveQueryModal
          scope={scope}
          q={q || undefined}
          status={status}
          topology={topology}
          onClose={() => setSaving(false)}
        />
      )}
      <Collapse
        size="small"
        style={{ marginBottom: 12 }}
        items={[
          {
            key: 'paste',
            label: m.table.paste,
            children: (
              <HostPaste
                scope={scopeFilter(scope)}
                renderAction={(r) =>
                  r.hosts.length > 0 && (
                    <Button
                      type="primary"
                      onClick={() => setSelected((ids) => [...new Set([...ids, ...r.hosts.map((h) => h.id)])])}
                    >
                      {fmt(m.table.selectPasted, { n: r.hosts.length })}
                    </Button>
                  )
                }
              />
            ),
          },
        ]}
      />
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text strong role="status">
          {fmt(m.table.selected, { n: selected.length })}
        </Typography.Text>
        {data && data.total > 0 && (
          <Button size="small" onClick={selectAllMatching}>
            {fmt(m.table.selectAll, { n: data.total })}
          </Button>
        )}
        {selected.length > 0 && (
          <Button
            size="small"
            onClick={() => {
              setSelected([])
              setTruncated(false)
            }}
          >
            {m.table.clear}
          </Button>
        )}
        {canWrite && selected.length > 0 && (
          <Space.Compact>
            <Select<number>
              aria-label={m.table.moveTo}
              placeholder={m.table.moveTo}
              style={{ width: 280 }}
              value={target}
              onChange={setTarget}
              options={modules}
              showSearch
              optionFilterProp="label"
            />
            <Button
              disabled={target === undefined}
              loading={move.isPending}
              onClick={() => target !== undefined && move.mutate({ hostIds: selected, moduleId: target })}
            >
              {m.table.move}
            </Button>
          </Space.Compact>
        )}
      </Space>
      {truncated && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={fmt(m.table.truncated, { n: selected.length })}
        />
      )}
      {move.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={move.error.message} />}
      <Table<Host>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data?.items}
        locale={{ emptyText: m.table.empty }}
        onRow={(h) => ({ onClick: () => onOpenHost(h.id), style: { cursor: 'pointer' } })}
        rowSelection={{
          selectedRowKeys: selected,
          preserveSelectedRowKeys: true,
          onChange: (keys) => setSelected(keys as number[]),
          getCheckboxProps: (h) => ({ 'aria-label': fmt(m.table.selectHost, { name: h.name }) }) as object,
          // Ticking a box must not also open the drawer (the row click).
          renderCell: (_checked, _h, _i, node) => (
            // biome-ignore lint/a11y/noStaticElementInteractions: only stops the click reaching the row
            // biome-ignore lint/a11y/useKeyWithClickEvents: the checkbox inside takes the keyboard
            <span onClick={(e) => e.stopPropagation()}>{node}</span>
          ),
        }}
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
