import { GraphChart, TreeChart } from 'echarts/charts'
import { LegendComponent, TooltipComponent } from 'echarts/components'
import { registerECharts } from '../../../components/charts/echart'

// Only the chart types this feature draws, so the lazy CMDB chunk stays small.
registerECharts([TreeChart, GraphChart, TooltipComponent, LegendComponent])
