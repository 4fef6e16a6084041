import { useQuery } from '@tanstack/react-query'
import { Alert, Select, Space, Spin, Typography } from 'antd'
import { useState } from 'react'
import type { Host } from '../contract/cmdb'
import { customQueryQueries } from '../lib/custom-query-queries'
import { defineMessages, fmt } from '../lib/i18n'

const useMessages = defineMessages({
  'en-US': {
    label: 'Saved host query',
    placeholder: 'Pick a saved query',
    empty: 'No saved host queries yet. Filter the hosts in CMDB and choose “Save filter as query”.',
    loadFailed: 'Could not load the saved queries',
    hostsFailed: 'Could not evaluate this query',
    summary: 'Selects {hosts} hosts now: {online} online, {offline} offline or without an agent',
    none: 'This query selects no host now.',
  },
  'zh-CN': {
    label: '已保存的主机查询',
    placeholder: '选择已保存的查询',
    empty: '还没有保存的主机查询。请在 CMDB 中筛选主机后点击“将筛选保存为查询”。',
    loadFailed: '无法加载已保存的查询',
    hostsFailed: '无法计算该查询的主机',
    summary: '当前选中 {hosts} 台主机：{online} 台在线，{offline} 台离线或无 Agent',
    none: '该查询当前没有选中任何主机。',
  },
})

export interface SavedQueryPickerProps {
  /** The query picked at first (e.g. `?savedQuery=` of a "Use in a run" link). */
  initialQueryId?: string
  /** The action on the query's hosts as they are now, e.g. "Add the 12 online hosts". */
  renderAction: (hosts: Host[]) => React.ReactNode
}

/**
 * Picks a saved host query (BlueKing custom query) and evaluates it now on the server: how many hosts it
 * selects and how many are online. What to do with them is the caller's `renderAction`.
 */
export function SavedQueryPicker({ initialQueryId, renderAction }: SavedQueryPickerProps) {
  const m = useMessages()
  const [queryId, setQueryId] = useState<string | undefined>(initialQueryId)
  const list = useQuery(customQueryQueries.list())
  const hosts = useQuery({ ...customQueryQueries.hosts(queryId ?? ''), enabled: Boolean(queryId) })
  if (list.error) return <Alert type="error" showIcon title={m.loadFailed} description={list.error.message} />
  if (list.data && list.data.length === 0) return <Typography.Text type="secondary">{m.empty}</Typography.Text>
  const down = hosts.data?.filter((h) => h.agentStatus !== 'online') ?? []
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select<string>
        aria-label={m.label}
        placeholder={m.placeholder}
        loading={list.isLoading}
        style={{ width: 360 }}
        showSearch
        optionFilterProp="label"
        value={queryId}
        onChange={setQueryId}
        options={list.data?.map((q) => ({ value: q.id, label: q.name }))}
      />
      {queryId && hosts.isLoading && <Spin size="small" />}
      {hosts.error && <Alert type="error" showIcon title={m.hostsFailed} description={hosts.error.message} />}
      {hosts.data && (
        <section aria-label={m.label}>
          <Typography.Paragraph strong style={{ marginBottom: 8 }} aria-live="polite">
            {hosts.data.length
              ? fmt(m.summary, {
                  hosts: hosts.data.length,
                  online: hosts.data.length - down.length,
                  offline: down.length,
                })
              : m.none}
          </Typography.Paragraph>
          {renderAction(hosts.data)}
        </section>
      )}
    </Space>
  )
}
