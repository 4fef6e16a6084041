import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Empty, Skeleton, Space, Typography } from 'antd'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { hasPermission } from '../../contract/identity'
import type { InstanceCompliant } from '../../contract/patches'
import { patchQueries, type ReportQuery } from '../../features/patches/api/patches-queries'
import { BaselinesCard } from '../../features/patches/components/baselines-card'
import { ComplianceCharts } from '../../features/patches/components/compliance-charts'
import { NodeTable } from '../../features/patches/components/node-table'
import { PatchItemsDrawer } from '../../features/patches/components/patch-items-drawer'
import { ScanBar } from '../../features/patches/components/scan-bar'
import { usePatchMessages } from '../../features/patches/patches-messages'
import { sessionQueries } from '../../features/session/api/session-queries'
import { fmt } from '../../lib/i18n'
import { formatTime } from '../../lib/format'
import type { QueryClient } from '@tanstack/react-query'
import { PanelBoundary } from '../../components/panel-boundary'

/** Warms the compliance overview the page opens on. */
export function clientLoader(queryClient: QueryClient) {
  return () => queryClient.ensureQueryData(patchQueries.overview())
}

/**
 * Patch compliance report for managers: KPIs and charts (click to filter), the node table with drill-down
 * into a node's patches, CSV export of both levels, scans and baselines. `?instance_id=` (from the CMDB host
 * drawer) filters to one host.
 */
export function Component() {
  const m = usePatchMessages()
  const [params] = useSearchParams()
  const { data: session } = useQuery(sessionQueries.me())
  const role = session?.user.role ?? 'viewer'
  const { data: overview, error, isLoading } = useQuery(patchQueries.overview())
  const [query, setQuery] = useState<ReportQuery>({
    offset: 1,
    limit: 10,
    instance_id: params.get('instance_id') ?? undefined,
  })
  const [open, setOpen] = useState<InstanceCompliant | null>(null)
  const canScan = hasPermission(role, 'patches:scan')

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {m.title}
        </Typography.Title>
        <Typography.Text type="secondary">
          {m.subtitle}{' '}
          {overview?.last_report_time ? fmt(m.lastReport, { time: formatTime(overview.last_report_time) }) : ''}
        </Typography.Text>
      </div>
      <ScanBar canScan={canScan} />
      {error && <Alert type="error" showIcon title={m.loadFailed} description={error.message} />}
      {isLoading && <Skeleton active />}
      {overview && overview.total === 0 && (
        <Card>
          <Empty description={m.noReports} />
        </Card>
      )}
      {overview && overview.total > 0 && (
        <>
          <PanelBoundary>
            <ComplianceCharts overview={overview} onFilter={(f) => setQuery({ ...query, ...f, offset: 1 })} />
          </PanelBoundary>
          <Card>
            <NodeTable
              query={query}
              onQueryChange={setQuery}
              onOpen={setOpen}
              osOptions={overview.by_os.map((o) => o.key)}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {m.demoNote}
            </Typography.Text>
          </Card>
        </>
      )}
      <BaselinesCard canEdit={canScan} />
      <PatchItemsDrawer report={open} onClose={() => setOpen(null)} />
    </Space>
  )
}
