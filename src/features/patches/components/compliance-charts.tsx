import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { Card, Col, Row, Segmented, Select, Statistic } from 'antd'
import { useMemo, useState } from 'react'
import { SEVERITIES, type ComplianceOverview } from '../../../contract/patches'
import { EChart, registerECharts } from '../../../components/charts/echart'
import { fmt } from '../../../lib/i18n'
import { usePatchMessages } from '../patches-messages'

registerECharts([PieChart, BarChart, LineChart, TooltipComponent, LegendComponent, GridComponent])

const GREEN = '#52c41a'
const RED = '#ff4d4f'
const SEVERITY_COLORS = ['#a8071a', '#ff4d4f', '#fa8c16', '#fadb14', '#1677ff', '#bfbfbf']
type BreakdownKey =
  | 'by_os'
  | 'by_region'
  | 'by_group'
  | 'by_business'
  | 'by_application'
  | 'by_host_group'
  | 'by_baseline'

export interface ComplianceChartsProps {
  overview: ComplianceOverview
  /** Filter the node table by clicking a chart. */
  onFilter: (filter: {
    compliant_status?: 'compliant' | 'non_compliant'
    operating_system?: string
    region?: string
    group?: string
  }) => void
}

/** KPIs, ratio pie, severity bars, a switchable breakdown and the trend line. */
export function ComplianceCharts({ overview, onFilter }: ComplianceChartsProps) {
  const m = usePatchMessages()
  const [by, setBy] = useState<BreakdownKey>('by_os')
  const [days, setDays] = useState<7 | 30 | 90>(30)
  const points = useMemo(() => {
    const from = new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10)
    return overview.trend.filter((t) => t.day >= from)
  }, [overview, days])
  const ratio = overview.total ? Math.round((overview.compliant / overview.total) * 1000) / 10 : 0

  const pie = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['50%', '72%'],
          label: { formatter: '{b}: {c}' },
          data: [
            { name: m.status.compliant, value: overview.compliant, itemStyle: { color: GREEN }, status: 'compliant' },
            {
              name: m.status.non_compliant,
              value: overview.non_compliant,
              itemStyle: { color: RED },
              status: 'non_compliant',
            },
          ],
        },
      ],
    }),
    [overview, m],
  )

  const severity = useMemo(
    () => ({
      tooltip: {},
      grid: { left: 90, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: SEVERITIES.map((s) => m.severity[s]).reverse() },
      series: [
        {
          type: 'bar',
          data: SEVERITIES.map((s, i) => ({
            value:
              overview.non_compliant_by_severity[
                `${s.toLowerCase()}_count` as keyof ComplianceOverview['non_compliant_by_severity']
              ],
            itemStyle: { color: SEVERITY_COLORS[i] },
          })).reverse(),
        },
      ],
    }),
    [overview, m],
  )

  const breakdown = useMemo(() => {
    const rows = overview[by].slice(0, 15)
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 8, bottom: 56 },
      xAxis: {
        type: 'category',
        // "—" is a node the dimension does not place (no app tag, host gone from the CMDB): said in words.
        data: rows.map((r) => (r.key === '—' ? m.charts.none : r.key)),
        axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: m.status.compliant,
          type: 'bar',
          stack: 'n',
          data: rows.map((r) => r.compliant),
          itemStyle: { color: GREEN },
        },
        {
          name: m.status.non_compliant,
          type: 'bar',
          stack: 'n',
          data: rows.map((r) => r.non_compliant),
          itemStyle: { color: RED },
        },
      ],
    }
  }, [overview, by, m])

  const trend = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 8, bottom: 40 },
      xAxis: { type: 'category', data: points.map((t) => t.day) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: m.status.compliant,
          type: 'line',
          data: points.map((t) => t.compliant),
          itemStyle: { color: GREEN },
        },
        {
          name: m.status.non_compliant,
          type: 'line',
          data: points.map((t) => t.non_compliant),
          itemStyle: { color: RED },
        },
      ],
    }),
    [points, m],
  )

  const byFilter: Record<BreakdownKey, 'operating_system' | 'region' | 'group' | undefined> = {
    by_os: 'operating_system',
    by_region: 'region',
    by_group: 'group',
    by_business: undefined,
    by_application: undefined,
    by_host_group: undefined,
    by_baseline: undefined,
  }
  const breakdownLabel: Record<BreakdownKey, string> = {
    by_os: m.charts.os,
    by_region: m.charts.region,
    by_group: m.charts.group,
    by_business: m.charts.business,
    by_application: m.charts.application,
    by_host_group: m.charts.hostGroup,
    by_baseline: m.charts.baseline,
  }
  return (
    <Row gutter={[16, 16]}>
      <Col flex="1 1 170px">
        <Card size="small">
          <Statistic
            title={m.kpi.ratio}
            value={ratio}
            suffix="%"
            styles={{ content: { color: ratio >= 90 ? GREEN : RED } }}
          />
        </Card>
      </Col>
      <Col flex="1 1 170px">
        <Card size="small">
          <Statistic title={m.kpi.nodes} value={overview.total} />
        </Card>
      </Col>
      <Col flex="1 1 170px">
        <Card size="small">
          <Statistic title={m.kpi.compliant} value={overview.compliant} styles={{ content: { color: GREEN } }} />
        </Card>
      </Col>
      <Col flex="1 1 170px">
        <Card size="small">
          <Statistic title={m.kpi.nonCompliant} value={overview.non_compliant} styles={{ content: { color: RED } }} />
        </Card>
      </Col>
      <Col flex="1 1 170px">
        <Card size="small">
          <Statistic
            title={fmt(m.staleKpi, { days: overview.stale_after_days })}
            value={overview.scan_age.stale}
            styles={{ content: { color: overview.scan_age.stale ? RED : GREEN } }}
          />
          <span style={{ fontSize: 12, color: '#8c8c8c' }}>
            {`${m.scanAgeDay} ${overview.scan_age.day} · ${m.scanAgeWeek} ${overview.scan_age.week}`}
          </span>
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card size="small" title={m.charts.ratio}>
          <EChart
            label={m.charts.ratio}
            option={pie}
            height={280}
            onEvents={{
              click: (p) => onFilter({ compliant_status: p.dataIndex === 0 ? 'compliant' : 'non_compliant' }),
            }}
          />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card size="small" title={m.charts.severity}>
          <EChart label={m.charts.severity} option={severity} height={280} />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card
          size="small"
          title={m.charts.breakdown}
          extra={
            <Select
              size="small"
              aria-label={m.charts.breakdown}
              value={by}
              onChange={(v) => setBy(v)}
              style={{ width: 130 }}
              options={[
                { value: 'by_os', label: m.charts.os },
                { value: 'by_region', label: m.charts.region },
                { value: 'by_group', label: m.charts.group },
                { value: 'by_business', label: m.charts.business },
                { value: 'by_application', label: m.charts.application },
                { value: 'by_host_group', label: m.charts.hostGroup },
                { value: 'by_baseline', label: m.charts.baseline },
              ]}
            />
          }
        >
          <EChart
            label={`${m.charts.breakdown} ${breakdownLabel[by]}`}
            option={breakdown}
            height={280}
            onEvents={{
              click: (p) => {
                const key = byFilter[by]
                if (key && p.name && p.name !== m.charts.none)
                  onFilter({
                    [key]: p.name,
                    compliant_status: p.seriesName === m.status.non_compliant ? 'non_compliant' : 'compliant',
                  })
              },
            }}
          />
        </Card>
      </Col>
      <Col xs={24}>
        <Card
          size="small"
          title={m.charts.trend}
          extra={
            <Segmented
              size="small"
              aria-label={m.charts.trend}
              value={days}
              onChange={(v) => setDays(v as 7 | 30 | 90)}
              options={[7, 30, 90].map((n) => ({ value: n, label: fmt(m.trendDays, { n }) }))}
            />
          }
        >
          <EChart label={m.charts.trend} option={trend} height={220} />
        </Card>
      </Col>
    </Row>
  )
}
