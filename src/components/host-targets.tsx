import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Collapse, Input, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { useState } from 'react'
import type { AgentStatus, Host } from '../contract/cmdb'
import { EXECUTION_LIMITS as L } from '../contract/execution-rules'
import { type HostQuery, hostPickerQueries } from '../lib/host-picker-queries'
import { defineMessages, fmt } from '../lib/i18n'
import { FilterSelect } from './filter-select'
import { HostPaste } from './host-paste'
import { SavedQueryPicker } from './saved-query-picker'

const useMessages = defineMessages({
  'en-US': {
    search: 'Host name or IP',
    status: 'Agent status',
    business: 'Business',
    set: 'Set',
    module: 'Module',
    selected: '{n} hosts selected (max {max})',
    max: 'At most {max} hosts',
    limit: {
      run: 'One ticket reaches at most {max} hosts (the COC limit for a script execution: up to {batches} batches of up to {perBatch} hosts). Only hosts with an online agent can be picked. For a larger fleet, narrow by business, set or module and create several tickets.',
      push: 'One file push reaches at most {max} hosts (it runs as one ticket, with the limit of a script execution: up to {batches} batches of up to {perBatch} hosts). Only hosts with an online agent can be picked. For a larger fleet, narrow by business, set or module and push in several rounds.',
      plan: 'A plan, or one of its steps, holds at most {max} hosts: each step runs as one ticket, and a ticket reaches at most {max} hosts (up to {batches} batches of up to {perBatch} hosts). Only hosts with an online agent can be picked. For a larger fleet, narrow by business, set or module and use several plans.',
    },
    selectAll: 'Select all {n} online matching',
    matchCount: '{total} hosts match, {online} of them online',
    overLimit:
      'Not added: {n} online hosts match, and with the {selected} already picked a ticket would exceed {max} hosts. Narrow the filter (business, set, module or a name) or split the work into several tickets.',
    addedAll: 'Added {n} online hosts; {skipped} matching hosts are offline or without an agent and were left out.',
    paste: 'Paste a list',
    savedQuery: 'From a saved host query',
    addOnline: 'Add the {n} online hosts',
    pasteOverLimit:
      'These {n} online hosts and the {selected} already picked would exceed {max} hosts per ticket. Remove lines or split the list into several tickets.',
    offline: 'Only hosts with an online agent can run scripts or receive files',
    clear: 'Clear selection',
    name: 'Host',
    ip: 'IP',
    agent: 'Agent',
    region: 'Region',
    place: 'Business / set / module',
    agentStatus: { online: 'Online', offline: 'Offline', none: 'No agent' },
  },
  'zh-CN': {
    search: '主机名或 IP',
    status: 'Agent 状态',
    business: '业务',
    set: '集群',
    module: '模块',
    selected: '已选 {n} 台主机（最多 {max} 台）',
    max: '最多 {max} 台主机',
    limit: {
      run: '一个工单最多覆盖 {max} 台主机（COC 脚本执行的上限：最多 {batches} 批，每批最多 {perBatch} 台）。只能选择 Agent 在线的主机。主机更多时，请按业务、集群或模块缩小范围，分多个工单执行。',
      push: '一次文件分发最多覆盖 {max} 台主机（作为一个工单执行，上限与脚本执行相同：最多 {batches} 批，每批最多 {perBatch} 台）。只能选择 Agent 在线的主机。主机更多时，请按业务、集群或模块缩小范围，分几次分发。',
      plan: '一个方案或其中一个步骤最多包含 {max} 台主机：每个步骤作为一个工单执行，一个工单最多覆盖 {max} 台主机（最多 {batches} 批，每批最多 {perBatch} 台）。只能选择 Agent 在线的主机。主机更多时，请按业务、集群或模块缩小范围，使用多个方案。',
    },
    selectAll: '选择全部 {n} 台匹配的在线主机',
    matchCount: '匹配 {total} 台主机，其中 {online} 台在线',
    overLimit:
      '未添加：匹配的在线主机有 {n} 台，加上已选的 {selected} 台会超过单个工单 {max} 台的上限。请缩小筛选范围（业务、集群、模块或名称），或拆分为多个工单。',
    addedAll: '已添加 {n} 台在线主机；另有 {skipped} 台匹配的主机离线或无 Agent，未添加。',
    paste: '粘贴列表',
    savedQuery: '从已保存的主机查询添加',
    addOnline: '添加 {n} 台在线主机',
    pasteOverLimit:
      '这 {n} 台在线主机加上已选的 {selected} 台会超过单个工单 {max} 台的上限。请删减列表或拆分为多个工单。',
    offline: '只有 Agent 在线的主机可以执行脚本或接收文件',
    clear: '清空选择',
    name: '主机',
    ip: 'IP',
    agent: 'Agent',
    region: '区域',
    place: '业务 / 集群 / 模块',
    agentStatus: { online: '在线', offline: '离线', none: '无 Agent' },
  },
})

export interface HostTargetsProps {
  selected: Host[]
  onChange: (hosts: Host[]) => void
  /** A saved host query to offer first (its section opened). */
  initialSavedQuery?: string
  /**
   * What the hosts are picked for, so the limit is explained in its terms: a script run (the wizard, the
   * default), a file push, or a job plan's hosts (each step a ticket).
   */
  purpose?: 'run' | 'push' | 'plan'
}

const selectable = (h: Host) => h.agentStatus === 'online' && !!h.agentSn

/**
 * Target hosts from the CMDB (the execution wizard's step 3, file push, the job plan editor: see `purpose`) (name/IP, agent status, business, set, module, or a pasted list), online first; only
 * online agents, at most 200 (the COC limit, explained on screen). "Select all matching" resolves the filter on the
 * server (the online matches, never more than the limit), so thousands of hosts are never loaded into the table.
 */
export function HostTargets({ selected, onChange, initialSavedQuery, purpose = 'run' }: HostTargetsProps) {
  const m = useMessages()
  const queryClient = useQueryClient()
  const [query, setQuery] = useState<HostQuery>({ page: 1, pageSize: 50 })
  const [notice, setNotice] = useState<{ type: 'success' | 'warning'; text: string } | null>(null)
  const { data, error, isFetching } = useQuery(hostPickerQueries.hosts(query))
  const { data: topology } = useQuery(hostPickerQueries.topology())
  const filter = { q: query.q, bizId: query.bizId, setId: query.setId, moduleId: query.moduleId }
  const onlyOffline = !!query.status && query.status !== 'online'
  // The online matches, counted on the server (one row fetched).
  const online = useQuery({
    ...hostPickerQueries.hosts({ ...filter, status: 'online', page: 1, pageSize: 1 }),
    enabled: !onlyOffline,
  })
  const onlineTotal = onlyOffline ? 0 : (online.data?.total ?? 0)
  const set = (patch: Partial<HostQuery>) => {
    setNotice(null)
    setQuery((q) => ({ ...q, ...patch, page: 1 }))
  }
  const ids = new Set(selected.map((h) => h.id))
  const full = selected.length >= L.hostsMax
  const biz = topology?.businesses.find((b) => b.id === query.bizId)
  const sets = biz?.sets ?? []
  const modules = sets
    .filter((s) => query.setId === undefined || s.id === query.setId)
    .flatMap((s) => s.modules.map((mod) => ({ value: mod.id, label: `${s.name} / ${mod.name}` })))
  const overLimit = (n: number) => fmt(m.overLimit, { n, selected: selected.length, max: L.hostsMax })

  async function selectAllMatching() {
    if (onlineTotal > L.hostsMax) return setNotice({ type: 'warning', text: overLimit(onlineTotal) })
    const all = await queryClient.fetchQuery(
      hostPickerQueries.hosts({ ...filter, status: 'online', page: 1, pageSize: L.hostsMax }),
    )
    const add = all.items.filter((h) => selectable(h) && !ids.has(h.id))
    if (selected.length + add.length > L.hostsMax) return setNotice({ type: 'warning', text: overLimit(all.total) })
    onChange([...selected, ...add])
    setNotice({
      type: 'success',
      text: fmt(m.addedAll, { n: add.length, skipped: Math.max(0, (data?.total ?? 0) - all.total) }),
    })
  }

  function toggle(rows: Host[], on: boolean) {
    if (!on) return onChange(selected.filter((h) => !rows.some((r) => r.id === h.id)))
    const add = rows.filter((r) => selectable(r) && !ids.has(r.id)).slice(0, L.hostsMax - selected.length)
    onChange([...selected, ...add])
  }

  /** Adds the online hosts of a pasted list or a saved query (not beyond the limit, said on screen). */
  function addAction(hosts: Host[]) {
    const add = hosts.filter((h) => selectable(h) && !ids.has(h.id))
    if (!add.length) return null
    return selected.length + add.length > L.hostsMax ? (
      <Alert
        type="warning"
        showIcon
        title={fmt(m.pasteOverLimit, { n: add.length, selected: selected.length, max: L.hostsMax })}
      />
    ) : (
      <Button type="primary" onClick={() => onChange([...selected, ...add])}>
        {fmt(m.addOnline, { n: add.length })}
      </Button>
    )
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={m.search}
          aria-label={m.search}
          style={{ width: 220 }}
          onSearch={(v) => set({ q: v || undefined })}
        />
        <FilterSelect<AgentStatus>
          label={m.status}
          width={140}
          value={query.status}
          options={(['online', 'offline', 'none'] as const).map((s) => ({ value: s, label: m.agentStatus[s] }))}
          onChange={(status) => set({ status })}
        />
        <FilterSelect<number>
          label={m.business}
          width={180}
          value={query.bizId as number | undefined}
          options={topology?.businesses.map((b) => ({ value: b.id, label: b.name }))}
          onChange={(bizId) => set({ bizId, setId: undefined, moduleId: undefined })}
        />
        <FilterSelect<number>
          label={m.set}
          width={160}
          disabled={!biz}
          value={query.setId as number | undefined}
          options={sets.map((s) => ({ value: s.id, label: s.name }))}
          onChange={(setId) => set({ setId, moduleId: undefined })}
        />
        <FilterSelect<number>
          label={m.module}
          width={200}
          disabled={!biz}
          value={query.moduleId as number | undefined}
          options={modules}
          onChange={(moduleId) => set({ moduleId })}
        />
      </Space>
      <Collapse
        size="small"
        defaultActiveKey={initialSavedQuery ? ['saved'] : []}
        items={[
          {
            key: 'paste',
            label: m.paste,
            children: <HostPaste renderAction={(r) => addAction(r.hosts)} />,
          },
          {
            key: 'saved',
            label: m.savedQuery,
            children: <SavedQueryPicker initialQueryId={initialSavedQuery} renderAction={addAction} />,
          },
        ]}
      />
      <Typography.Text type="secondary">
        {fmt(m.limit[purpose], { max: L.hostsMax, batches: L.batchesMax, perBatch: L.hostsPerBatchMax })}
      </Typography.Text>
      <Space wrap>
        <Typography.Text strong role="status">
          {fmt(m.selected, { n: selected.length, max: L.hostsMax })}
        </Typography.Text>
        {selected.length > 0 && (
          <Button size="small" onClick={() => onChange([])}>
            {m.clear}
          </Button>
        )}
        {data && (
          <Typography.Text type="secondary">
            {fmt(m.matchCount, { total: data.total, online: onlineTotal })}
          </Typography.Text>
        )}
        {onlineTotal > 0 && (
          <Button size="small" onClick={selectAllMatching}>
            {fmt(m.selectAll, { n: onlineTotal })}
          </Button>
        )}
      </Space>
      {notice && <Alert type={notice.type} showIcon closable onClose={() => setNotice(null)} title={notice.text} />}
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
          { title: m.place, key: 'place', render: (_: unknown, h) => `${h.bizName} / ${h.setName} / ${h.moduleName}` },
        ]}
      />
    </Space>
  )
}
