import type { EChartsCoreOption, EChartsType } from 'echarts/core'
import { init, use } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

// SVG only: smaller than canvas, crisp at any zoom, and it renders in jsdom for page tests.
use([SVGRenderer])

/** Registers chart types and components (`TreeChart`, `TooltipComponent` …) from `echarts/charts|components`. */
export { use as registerECharts }

/** The parts of an echarts event the pages read. */
export interface EChartEventParams {
  data?: unknown
  dataType?: string
  name?: string
  seriesName?: string
  dataIndex?: number
}

export interface EChartProps {
  option: EChartsCoreOption
  height: number
  /** Event name → handler, e.g. `{ click: (p) => … }`; `p.data` is the clicked item. */
  onEvents?: Record<string, (params: EChartEventParams) => void>
  /** Accessible name of the chart region. */
  label: string
}

/**
 * Our own thin echarts wrapper: one instance per mount, options replaced on change (`notMerge`), resized
 * with the container. Import it only from lazy routes: echarts must stay off the first screen.
 */
export function EChart({ option, height, onEvents, label }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<EChartsType | null>(null)
  const handlers = useRef(onEvents)
  handlers.current = onEvents

  useEffect(() => {
    const el = ref.current!
    const instance = init(el, null, { renderer: 'svg', width: el.clientWidth || 800, height })
    chart.current = instance
    for (const name of Object.keys(handlers.current ?? {})) {
      instance.on(name, (p) => handlers.current?.[name]?.(p as EChartEventParams))
    }
    const observer = new ResizeObserver(() => instance.resize({ width: el.clientWidth || 800, height }))
    observer.observe(el)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [height])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />
}
