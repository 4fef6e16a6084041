import { useQuery } from '@tanstack/react-query'
import { Alert, Typography } from 'antd'
import { useMemo } from 'react'
import { EChart } from '../../../components/charts/echart'
import type { Topology } from '../../../contract/cmdb'
import { cmdbQueries } from '../api/cmdb-queries'
import { useCmdbMessages } from '../cmdb-messages'
import type { Scope } from '../utils/scope'
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

/** The business → set → module tree with counts; a module click expands its hosts, a host click opens it. */
export function TopologyChart({ topology, scope, onScopeChange, onOpenHost }: TopologyChartProps) {
  const m = useCmdbMessages()
  const moduleId = scope.kind === 'module' ? scope.id : undefined
  const hosts = useQuery({
    ...cmdbQueries.hosts({ moduleId, page: 1, pageSize: EXPANDED_HOSTS }),
    enabled: moduleId !== undefined,
  })
  const { option, height } = useMemo(() => {
    const expanded =
      moduleId !== undefined && hosts.data ? { moduleId, hosts: hosts.data.items, total: hosts.data.total } : null
    return topologyOption(topology, expanded, { all: m.tree.all, more: m.tree.more })
  }, [topology, moduleId, hosts.data, m])
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
      {hosts.error && <Alert type="error" showIcon title={hosts.error.message} />}
      <EChart label={m.tree.label} option={option} height={height} onEvents={onEvents} />
    </>
  )
}
