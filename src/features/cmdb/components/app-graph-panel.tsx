import { useQuery } from '@tanstack/react-query'
import { CompressOutlined } from '@ant-design/icons'
import { Alert, Button, Empty, Grid, Input, InputNumber, Segmented, Select, Space, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { EChart } from '../../../components/charts/echart'
import { cmdbQueries } from '../api/cmdb-queries'
import { useCmdbMessages } from '../cmdb-messages'
import { GRAPH_STYLE, graphOption } from '../utils/graph-option'
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
  const [fits, setFits] = useState(0)
  // Phones (under antd's `md`, 768 px) get short labels and a tighter layout.
  const compact = !Grid.useBreakpoint().md
  const option = useMemo(
    () =>
      graph.data && {
        ...graphOption(graph.data, { centre: m.graph.legendCentre, app: m.graph.legendApp }, { compact }),
        fits,
      },
    [graph.data, m, fits, compact],
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
      {option && graph.data!.nodes.length > 0 && (
        <>
          <Space wrap style={{ marginBottom: 8 }}>
            <Button size="small" icon={<CompressOutlined />} onClick={() => setFits((n) => n + 1)}>
              {m.graph.fit}
            </Button>
            <Typography.Text type="secondary">{m.graph.roamHint}</Typography.Text>
          </Space>
          <EChart key={fits} label={m.graph.label} option={option} height={480} />
          <EdgeLegend requires={m.graph.legendRequires} contains={m.graph.legendContains} />
        </>
      )}
    </>
  )
}

/** The edge styles of the graph, drawn with the same colours and dashes as the chart's lines. */
function EdgeLegend({ requires, contains }: { requires: string; contains: string }) {
  const line = (s: (typeof GRAPH_STYLE)['requires' | 'contains'], arrow: boolean) => (
    <svg width="36" height="10" aria-hidden="true" style={{ verticalAlign: 'middle', marginRight: 6 }}>
      <line
        x1="1"
        y1="5"
        x2={arrow ? 28 : 35}
        y2="5"
        stroke={s.color}
        strokeWidth={s.width + 0.5}
        strokeDasharray={s.type === 'dashed' ? '4 3' : undefined}
      />
      {arrow && <path d="M27 1 L35 5 L27 9 Z" fill={s.color} />}
    </svg>
  )
  return (
    <Space size="large" wrap style={{ justifyContent: 'center', width: '100%' }}>
      <span>
        {line(GRAPH_STYLE.requires, true)}
        {requires}
      </span>
      <span>
        {line(GRAPH_STYLE.contains, false)}
        {contains}
      </span>
    </Space>
  )
}
