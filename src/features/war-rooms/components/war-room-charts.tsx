import { BarChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { Card, Col, Row, Statistic } from 'antd'
import { useMemo } from 'react'
import { INCIDENT_LEVELS } from '../../../contract/incidents'
import type { z } from 'zod'
import type { WarRoomStatsSchema } from '../../../contract/war-rooms'
import { EChart, registerECharts } from '../../../components/charts/echart'
import { useWarRoomMessages } from '../war-rooms-messages'

registerECharts([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent])

const bar = (labels: string[], values: number[], color: string) => ({
  tooltip: { trigger: 'axis' },
  grid: { left: 36, right: 12, top: 12, bottom: 40 },
  xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
  yAxis: { type: 'value', minInterval: 1 },
  series: [{ type: 'bar', data: values, itemStyle: { color } }],
})

/** Counters and the four dashboard charts. */
export function WarRoomCharts({ stats }: { stats: z.infer<typeof WarRoomStatsSchema> }) {
  const m = useWarRoomMessages()
  const perDay = useMemo(
    () =>
      bar(
        stats.per_day.map((d) => d.day.slice(5)),
        stats.per_day.map((d) => d.count),
        '#1677ff',
      ),
    [stats],
  )
  const restoration = useMemo(
    () =>
      bar(
        stats.restoration_buckets.map((b) => b.bucket),
        stats.restoration_buckets.map((b) => b.count),
        '#52c41a',
      ),
    [stats],
  )
  const byApp = useMemo(
    () =>
      bar(
        stats.by_application.map((a) => a.key),
        stats.by_application.map((a) => a.count),
        '#722ed1',
      ),
    [stats],
  )
  const byLevel = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '65%'],
          data: stats.by_level.map((l) => ({
            name: INCIDENT_LEVELS.find((x) => x.key === l.key)?.en ?? l.key,
            value: l.count,
          })),
        },
      ],
    }),
    [stats],
  )
  return (
    <Row gutter={[16, 16]}>
      <Col xs={8}>
        <Card size="small">
          <Statistic title={m.running} value={stats.running_num} styles={{ content: { color: '#cf1322' } }} />
        </Card>
      </Col>
      <Col xs={8}>
        <Card size="small">
          <Statistic title={m.closed} value={stats.closed_num} />
        </Card>
      </Col>
      <Col xs={8}>
        <Card size="small">
          <Statistic title={m.total} value={stats.total_num} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={m.charts.perDay}>
          <EChart label={m.charts.perDay} option={perDay} height={220} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={m.charts.restoration}>
          <EChart label={m.charts.restoration} option={restoration} height={220} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={m.charts.byApp}>
          <EChart label={m.charts.byApp} option={byApp} height={220} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={m.charts.byLevel}>
          <EChart label={m.charts.byLevel} option={byLevel} height={220} />
        </Card>
      </Col>
    </Row>
  )
}
