import { useQuery } from '@tanstack/react-query'
import { Progress } from 'antd'
import { Link } from 'react-router'
import { paths } from '../../../config/paths'
import { patchQueries } from '../../../features/patches/api/patches-queries'
import { formatDuration, formatTime } from '../../../lib/format'
import { fmt, useLocale } from '../../../lib/i18n'
import { useHomeMessages } from './home-messages'
import { PanelList, PanelRow, StatusPanel } from './status-panel'

/** A node whose last scan is older than this is stale (scheduled scans run every 6 h by default). */
export const STALE_SCAN_HOURS = 24
const ROWS = 5

/** Share of compliant nodes and the nodes with the oldest scans (those past the stale limit). */
export function CompliancePanel({ canScan }: { canScan: boolean }) {
  const m = useHomeMessages()
  const { locale } = useLocale()
  const overview = useQuery(patchQueries.overview())
  const oldest = useQuery(patchQueries.reports({ offset: 1, limit: ROWS, sort_key: 'report_time', sort_dir: 'asc' }))
  const o = overview.data
  const pct = o?.total ? Math.round((o.compliant / o.total) * 100) : 0
  const limit = Date.now() - STALE_SCAN_HOURS * 3600_000
  const stale = (oldest.data?.instance_compliant ?? []).filter((r) => r.execution_summary.report_time < limit)
  return (
    <StatusPanel
      title={m.compliance.title}
      count={o ? o.non_compliant : undefined}
      isAlert
      viewAll={paths.patches.href()}
      isLoading={overview.isLoading || oldest.isLoading}
      error={overview.error ?? oldest.error}
      isEmpty={!o?.total}
      empty={
        <>
          <div>{m.compliance.none}</div>
          {canScan && <Link to={paths.patches.href()}>{m.compliance.scan}</Link>}
        </>
      }
    >
      {o && (
        <div style={{ display: 'flex', alignItems: 'center', gap: 16, flexWrap: 'wrap' }}>
          <Progress
            type="circle"
            size={72}
            percent={pct}
            strokeColor={pct === 100 ? '#52c41a' : pct >= 80 ? '#faad14' : '#ff4d4f'}
            format={(p) => `${p}%`}
            aria-label={`${pct}% ${m.compliance.ratio}`}
          />
          <div>
            <div>{fmt(m.compliance.nodes, { compliant: o.compliant, total: o.total })}</div>
            <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>
              {fmt(m.compliance.lastReport, { at: formatTime(o.last_report_time) })}
            </div>
          </div>
        </div>
      )}
      <div style={{ marginTop: 12, fontWeight: 500 }}>{fmt(m.compliance.stale, { hours: STALE_SCAN_HOURS })}</div>
      <PanelList label={fmt(m.compliance.stale, { hours: STALE_SCAN_HOURS })}>
        {stale.length === 0 && (
          <li style={{ color: 'rgba(0,0,0,0.45)', padding: '6px 0' }}>
            {fmt(m.compliance.noStale, { hours: STALE_SCAN_HOURS })}
          </li>
        )}
        {stale.map((r) => (
          <PanelRow
            key={r.id}
            main={
              <Link to={paths.patches.href()}>
                {r.name} <span style={{ color: 'rgba(0,0,0,0.45)' }}>{r.ip}</span>
              </Link>
            }
            aside={fmt(m.compliance.scannedAgo, {
              age: formatDuration(Date.now() - r.execution_summary.report_time, locale),
            })}
          />
        ))}
      </PanelList>
    </StatusPanel>
  )
}
