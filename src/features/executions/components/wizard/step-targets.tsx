import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { useState } from 'react'
import type { AgentStatus, Host } from '../../../../contract/cmdb'
import { EXECUTION_LIMITS as L } from '../../../../contract/execution-rules'
import { fmt } from '../../../../lib/i18n'
import { executionQueries, type HostQuery } from '../../api/execution-queries'
import { useExecutionMessages } from '../../executions-messages'

export interface StepTargetsProps {
  selected: Host[]
  onChange: (hosts: Host[]) => void
}

const selectable = (h: Host) => h.agentStatus === 'online' && !!h.agentSn

/** Step 3: hosts from the CMDB (name/IP, agent status, business, module); only online agents, at most 200. */
export function StepTargets({ selected, onChange }: StepTargetsProps) {
  const m = useExecutionMessages().wizard.targets
  const [query, setQuery] = useState<HostQuery>({ page: 1, pageSize: 50 })
  const { data, error, isFetching } = useQuery(executionQueries.hosts(query))
  const { data: topology } = useQuery(executionQueries.topology())
  const set = (patch: Partial<HostQuery>) => setQuery((q) => ({ ...q, ...patch, page: 1 }))
  const ids = new Set(selected.map((h) => h.id))
  const full = selected.length >= L.hostsMax
  const biz = topology?.businesses.find((b) => b.id === query.bizId)
  const modules =
    biz?.sets.flatMap((s) => s.modules.map((mod) => ({ value: mod.id, label: `${s.name} / ${mod.name}` }))) ?? []

  function toggle(rows: Host[], on: boolean) {
    if (!on) return onChange(selected.filter((h) => !rows.some((r) => r.id === h.id)))
    const add = rows.filter((r) => selectable(r) && !ids.has(r.id)).slice(0, L.hostsMax - selected.length)
    onChange([...selected, ...add])
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={m.search}
          aria-label={m.search}
          style={{ width: 220 }}
          onSearch={(v) => set({ q: v || undefined })}
        />
        <Select<AgentStatus>
          allowClear
          aria-label={m.status}
          placeholder={m.status}
          style={{ width: 140 }}
          value={query.status}
          options={(['online', 'offline', 'none'] as const).map((s) => ({ value: s, label: m.agentStatus[s] }))}
          onChange={(status) => set({ status })}
        />
        <Select<number>
          allowClear
          aria-label={m.business}
          placeholder={m.business}
          style={{ width: 180 }}
          value={query.bizId as number | undefined}
          options={topology?.businesses.map((b) => ({ value: b.id, label: b.name }))}
          onChange={(bizId) => set({ bizId, moduleId: undefined })}
        />
        <Select<number>
          allowClear
          aria-label={m.module}
          placeholder={m.module}
          style={{ width: 200 }}
          disabled={!biz}
          value={query.moduleId as number | undefined}
          options={modules}
          onChange={(moduleId) => set({ moduleId })}
        />
      </Space>
      <Space>
        <Typography.Text strong role="status">
          {fmt(m.selected, { n: selected.length, max: L.hostsMax })}
        </Typography.Text>
        {selected.length > 0 && (
          <Button size="small" onClick={() => onChange([])}>
            {m.clear}
          </Button>
        )}
      </Space>
      {full && <Alert type="warning" showIcon title={fmt(m.max, { max: L.hostsMax })} />}
      {error && <Alert type="error" showIcon title={error.message} />}
      <Table<Host>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={data?.items}
        pagination={{
          current: query.page as number,
          pageSize: query.pageSize as number,
          total: data?.total,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
        }}
        rowSelection={{
          selectedRowKeys: [...ids],
          preserveSelectedRowKeys: true,
          getCheckboxProps: (h) =>
            ({ disabled: !selectable(h) || (full && !ids.has(h.id)), 'aria-label': h.name }) as object,
          onSelect: (h, on) => toggle([h], on),
          onSelectAll: (on, _rows, changed) => toggle(changed, on),
        }}
        columns={[
          { title: m.name, dataIndex: 'name' },
          { title: m.ip, dataIndex: 'innerIp' },
          {
            title: m.agent,
            dataIndex: 'agentStatus',
            render: (s: AgentStatus, h) => {
              const tag = (
                <Tag color={s === 'online' ? 'green' : s === 'offline' ? 'red' : 'default'}>
                  {m.agentStatus[s] ?? s}
                </Tag>
              )
              return selectable(h) ? tag : <Tooltip title={m.offline}>{tag}</Tooltip>
            },
          },
          { title: m.region, dataIndex: 'cloudRegion' },
          { title: m.place, key: 'place', render: (_: unknown, h) => `${h.bizName} / ${h.moduleName}` },
        ]}
      />
    </Space>
  )
}
