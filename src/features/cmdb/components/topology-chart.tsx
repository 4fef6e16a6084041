import { CompressOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Input, Space, Tooltip, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { EChart } from '../../../components/charts/echart'
import type { Topology } from '../../../contract/cmdb'
import { cmdbQueries } from '../api/cmdb-queries'
import { useCmdbMessages } from '../cmdb-messages'
import type { Scope } from '../utils/scope'
import { fmt } from '../../../lib/i18n'
import { type NodeRef, topologyOption } from '../utils/topology-option'
import './charts-setup'

export interface TopologyChartProps {
  topology: Topology
  scope: Scope
  onScopeChange: (scope: Scope) => void
  onOpenHost: (hostId: number) => void
}

/** Expanded module: its first hosts are loaded on demand and drawn as leaves (lazy expansion). */
const EXPANDED_HOSTS = 50

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3]

/**
 * The business → set → module tree with counts; a module click expands its hosts, a host click opens it. Drag to pan,
 * zoom and fit with the buttons; a search highlights matching businesses, sets and modules and opens the tree on the
 * hosts whose name or IP matches (found on the server, at most 50).
 */
export function TopologyChart({ topology, scope, onScopeChange, onOpenHost }: TopologyChartProps) {
  const m = useCmdbMessages()
  const moduleId = scope.kind === 'module' ? scope.id : undefined
  const [zoom, setZoom] = useState(2) // index into ZOOMS
  const [fits, setFits] = useState(0)
  const [text, setText] = useState('')
  const hosts = useQuery({
    ...cmdbQueries.hosts({ moduleId, page: 1, pageSize: EXPANDED_HOSTS }),
    enabled: moduleId !== undefined,
  })
  const found = useQuery({
    ...cmdbQueries.hosts({ q: text, page: 1, pageSize: EXPANDED_HOSTS }),
    enabled: text !== '',
  })
  const { option, height, matches } = useMemo(() => {
    const expanded =
      moduleId !== undefined && hosts.data ? { moduleId, hosts: hosts.data.items, total: hosts.data.total } : null
    const search = text ? { text, hosts: found.data?.items ?? [] } : null
    return {
      ...topologyOption(topology, expanded, { all: m.tree.all, more: m.tree.more }, { search, zoom: ZOOMS[zoom] }),
      fits,
    }
  }, [topology, moduleId, hosts.data, m, text, found.data, zoom, fits])
  const onEvents = useMemo(
    () => ({
      click: (p: { data?: unknown }) => {
        const ref = (p.data as { ref?: NodeRef } | undefined)?.ref
        if (!ref || ref.kind === 'more') return
        if (ref.kind === 'host') onOpenHost(ref.id)
        else onScopeChange(ref)
      },
    }),
    [onOpenHost, onScopeChange],
  )
  return (
    <>
      <Typography.Paragraph type="secondary">{m.tree.hint}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 8 }}>
        <Input.Search
          allowClear
          aria-label={m.tree.search}
          placeholder={m.tree.search}
          style={{ width: 280 }}
          onSearch={(v) => setText(v.trim())}
        />
        {text && (
          <Typography.Text type={matches ? undefined : 'warning'} aria-live="polite">
            {matches ? fmt(m.tree.matches, { n: matches }) : m.tree.noMatch}
          </Typography.Text>
        )}
        <Space.Compact>
          <Tooltip title={m.tree.zoomOut}>
            <Button
              aria-label={m.tree.zoomOut}
              icon={<ZoomOutOutlined />}
              disabled={zoom === 0}
              onClick={() => setZoom((z) => Math.max(0, z - 1))}
            />
          </Tooltip>
          <Tooltip title={m.tree.zoomIn}>
            <Button
              aria-label={m.tree.zoomIn}
              icon={<ZoomInOutlined />}
              disabled={zoom === ZOOMS.length - 1}
              onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))}
            />
          </Tooltip>
          <Tooltip title={m.tree.fitHint}>
            <Button
              icon={<CompressOutlined />}
              onClick={() => {
                setZoom(2)
                setFits((n) => n + 1)
              }}
            >
              {m.tree.fit}
            </Button>
          </Tooltip>
        </Space.Compact>
        <Typography.Text type="secondary">
          {fmt(m.tree.zoomLevel, { n: Math.round(ZOOMS[zoom] * 100) })}
        </Typography.Text>
      </Space>
      {hosts.error && <Alert type="error" showIcon title={hosts.error.message} />}
      {found.error && <Alert type="error" showIcon title={found.error.message} />}
      {/* On a phone the tree keeps a readable width and scrolls sideways inside its card. */}
      <div style={{ overflowX: 'auto' }}>
        <div style={{ minWidth: 720 }}>
          <EChart label={m.tree.label} option={option} height={height} onEvents={onEvents} />
        </div>
      </div>
    </>
  )
}
