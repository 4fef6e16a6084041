import { PieChart } from 'echarts/charts'
import { LegendComponent, TooltipComponent } from 'echarts/components'
import { useMemo } from 'react'
import { EChart, registerECharts } from '../../../components/charts/echart'
import { INSTANCE_STATUS_LABELS, INSTANCE_STATUSES } from '../../../contract/execution-rules'
import type { StatusCounts } from '../../../contract/executions'
import { useLocale } from '../../../lib/i18n'

registerECharts([PieChart, TooltipComponent, LegendComponent])

const COLORS = {
  READY: '#d9d9d9',
  PROCESSING: '#1677ff',
  ABNORMAL: '#ff4d4f',
  CANCELED: '#8c8c8c',
  FINISHED: '#52c41a',
}

/** Hosts per status as a ring; only imported by the ticket route, so echarts stays off the first screen. */
export function TicketStatsChart({ counts, label }: { counts: StatusCounts; label: string }) {
  const { locale } = useLocale()
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          avoidLabelOverlap: true,
          label: { show: false },
          data: INSTANCE_STATUSES.filter((s) => counts[s] > 0).map((s) => ({
            name: INSTANCE_STATUS_LABELS[s][locale === 'zh-CN' ? 'zh' : 'en'],
            value: counts[s],
            itemStyle: { color: COLORS[s] },
          })),
        },
      ],
    }),
    [counts, locale],
  )
  return <EChart option={option} height={220} label={label} />
}
