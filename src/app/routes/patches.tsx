import { PrinterOutlined, ThunderboltOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Empty, Skeleton, Space, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { hasPermission } from '../../contract/identity'
import type { InstanceCompliant } from '../../contract/patches'
import { patchQueries, type ReportQuery } from '../../features/patches/api/patches-queries'
import { BaselinesCard } from '../../features/patches/components/baselines-card'
import { ComplianceCharts } from '../../features/patches/components/compliance-charts'
import { NodeTable } from '../../features/patches/components/node-table'
import { PatchItemsDrawer } from '../../features/patches/components/patch-items-drawer'
import { PatchNowDialog } from '../../features/patches/components/patch-now-dialog'
import { PatchSelectAll } from '../../features/patches/components/patch-select-all'
import { ScanBar } from '../../features/patches/components/scan-bar'
import { usePatchMessages } from '../../features/patches/patches-messages'
import { sessionQueries } from '../../features/session/api/session-queries'
import { fmt } from '../../lib/i18n'
import { formatTime } from '../../lib/format'
import type { QueryClient } from '@tanstack/react-query'
import { PanelBoundary } from '../../components/panel-boundary'
import { ErrorReason } from '../../components/error-reason'

/** Warms the compliance overview the page opens on. */
export function clientLoader(queryClient: QueryClient) {
  return () => queryClient.ensureQueryData(patchQueries.overview())
}

/** The report's filters that live in the URL, so a drill-down can be linked and survives a reload. */
const URL_KEYS = ['name', 'compliant_status', 'operating_system', 'region', 'group', 'instance_id'] as const

function queryOf(params: URLSearchParams): ReportQuery {
  const q: ReportQuery = {
    offset: Math.max(1, Number(params.get('page')) || 1),
    limit: [10, 20, 50, 100].includes(Number(params.get('size'))) ? Number(params.get('size')) : 10,
  }
  for (const k of URL_KEYS) {
    const v = params.get(k)
    if (v) (q as Record<string, unknown>)[k] = v
  }
  if (q.compliant_status && !['compliant', 'non_compliant'].includes(q.compliant_status)) q.compliant_status = undefined
  if (params.get('sort') === 'asc' || params.get('sort') === 'desc') {
    q.sort_key = 'report_time'
    q.sort_dir = params.get('sort') as 'asc' | 'desc'
  }
  return q
}

function paramsOf(q: ReportQuery, node: string | null): URLSearchParams {
  const p = new URLSearchParams()
  for (const k of URL_KEYS) if (q[k]) p.set(k, String(q[k]))
  if (q.offset > 1) p.set('page', String(q.offset))
  if (q.limit !== 10) p.set('size', String(q.limit))
  if (q.sort_dir) p.set('sort', q.sort_dir)
  if (node) p.set('node', node)
  return p
}

/**
 * Patch compliance report for managers (AWS Patch Manager's compliance dashboard): KPIs with scan age, charts
 * (click to filter), the node table with drill-down into a node's patches, all in the URL (`?group=…&node=…`
 * can be shared), CSV export, a printable view, and Patch now for chosen non-compliant nodes.
 */
export function Component() {
  const m = usePatchMessages()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const { data: session } = useQuery(sessionQueries.me())
  const role = session?.user.role ?? 'viewer'
  const { data: overview, error, isLoading } = useQuery(patchQueries.overview())
  const query = useMemo(() => queryOf(params), [params])
  const node = params.get('node')
  // Opened from the table: that row at once; from a link: the report fetched by its instance id.
  const [picked, setPicked] = useState<InstanceCompliant | null>(null)
  // The drilled-into node's report, found by its instance id (so the link works without the table's page).
  const { data: nodeReport } = useQuery({
    ...patchQueries.reports({ offset: 1, limit: 1, instance_id: node ?? '' }),
    enabled: !!node && picked?.instance_id !== node,
  })
  const open = node
    ? picked?.instance_id === node
      ? picked
      : (nodeReport?.instance_compliant.find((r) => r.instance_id === node) ?? null)
    : null
  const [selected, setSelected] = useState<InstanceCompliant[]>([])
  const [confirming, setConfirming] = useState(false)
  const canScan = hasPermission(role, 'patches:scan')
  const canPatch = hasPermission(role, 'executions:run')

  const setQuery = (q: ReportQuery) => setParams(paramsOf(q, node))
  const setNode = (r: InstanceCompliant | null) => {
    setPicked(r)
    setParams(paramsOf(query, r?.instance_id ?? null))
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} className="patch-report">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'space-between' }}>
        <div>
          <Typography.Title level={3} style={{ marginBottom: 4 }}>
            {m.title}
          </Typography.Title>
          <Typography.Text type="secondary">
            {m.subtitle}{' '}
            {overview?.last_report_time ? fmt(m.lastReport, { time: formatTime(overview.last_report_time) }) : ''}
          </Typography.Text>
        </div>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} className="no-print">
          {m.print}
        </Button>
      </div>
      <div className="no-print">
        <ScanBar canScan={canScan} />
      </div>
      {error && <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />}
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
          <Card
            title={canPatch ? m.patchNow.select : undefined}
            extra={
              canPatch && (
                <Button
                  type="primary"
                  danger
                  className="no-print"
                  icon={<ThunderboltOutlined />}
                  disabled={!selected.length}
                  onClick={() => setConfirming(true)}
                >
                  {fmt(m.patchNow.button, { n: selected.length })}
                </Button>
              )
            }
            styles={{ header: { fontWeight: 'normal', fontSize: 13 } }}
          >
            {canPatch && <PatchSelectAll query={query} onSelect={setSelected} />}
            <NodeTable
              query={query}
              onQueryChange={setQuery}
              onOpen={setNode}
              osOptions={overview.by_os.map((o) => o.key)}
              staleAfterDays={overview.stale_after_days}
              selected={canPatch ? selected : undefined}
              onSelect={setSelected}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {m.demoNote}
            </Typography.Text>
          </Card>
        </>
      )}
      <div className="no-print">
        <BaselinesCard canEdit={canScan} />
      </div>
      <PatchItemsDrawer report={open} onClose={() => setNode(null)} />
      {confirming && (
        <PatchNowDialog
          hosts={selected}
          onClose={() => setConfirming(false)}
          onStarted={(uuid) => {
            setConfirming(false)
            setSelected([])
            void navigate(`/tickets/${uuid}`)
          }}
        />
      )}
    </Space>
  )
}
