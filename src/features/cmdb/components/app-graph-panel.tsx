import { useQuery } from '@tanstack/react-query'
import { Alert, Empty, Input, InputNumber, Segmented, Select, Space } from 'antd'
import { useMemo, useState } from 'react'
import { EChart } from '../../../components/charts/echart'
import { cmdbQueries } from '../api/cmdb-queries'
import { useCmdbMessages } from '../cmdb-messages'
import { graphOption } from '../utils/graph-option'
import { AppEditor } from './app-editor'
import './charts-setup'

type Direction = 'requires' | 'required-by' | 'both'

/**
 * Application dependency graph with a centre application, depth, direction and a name filter; editors for cmdb:write
 * roles.
 */
export function AppGraphPanel({ canWrite }: { canWrite: boolean }) {
  const m = useCmdbMessages()
  const [rootId, setRootId] = useState<number | undefined>()
  const [depth, setDepth] = useState(2)
  const [direction, setDirection] = useState<Direction>('both')
  const [q, setQ] = useState('')
  const apps = useQuery(cmdbQueries.apps())
  const graph = useQuery(cmdbQueries.graph({ rootId, depth, direction, q: q || undefined }))
  const option = useMemo(
    () => graph.data && graphOption(graph.data, { requires: m.graph.legendRequires, contains: m.graph.legendContains }),
    [graph.data, m],
  )
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<number | undefined>
          aria-label={m.graph.root}
          placeholder={m.graph.allApps}
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 240 }}
          value={rootId}
          onChange={setRootId}
          options={apps.data?.map((a) => ({ value: a.id, label: a.fullName }))}
        />
        <span>{m.graph.depth}</span>
        <InputNumber
          aria-label={m.graph.depth}
          min={1}
          max={6}
          value={depth}
          onChange={(v) => setDepth(v ?? 2)}
          disabled={rootId === undefined}
        />
        <Segmented<Direction>
          value={direction}
          onChange={setDirection}
          disabled={rootId === undefined}
          options={[
            { value: 'requires', label: m.graph.requires },
            { value: 'required-by', label: m.graph.requiredBy },
            { value: 'both', label: m.graph.both },
          ]}
        />
        <Input.Search
          aria-label={m.graph.filter}
          placeholder={m.graph.filter}
          allowClear
          onSearch={(v) => setQ(v.trim())}
          style={{ width: 200 }}
        />
      </Space>
      {canWrite && apps.data && <AppEditor apps={apps.data} selected={apps.data.find((a) => a.id === rootId)} />}
      {graph.error && <Alert type="error" showIcon title={graph.error.message} />}
      {graph.data && graph.data.nodes.length === 0 && <Empty description={m.graph.empty} />}
      {option && graph.data!.nodes.length > 0 && <EChart label={m.graph.label} option={option} height={480} />}
    </>
  )
}
