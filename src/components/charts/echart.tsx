import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

// The SVG renderer: crisp at any zoom, and it renders in jsdom so page tests can read chart labels.
use([SVGRenderer, TooltipComponent, LegendComponent, GridComponent, TitleComponent])

/** Chart modules are registered by the page that uses them (`registerCharts([PieChart])`), keeping others out of its chunk. */
export const registerCharts = use

export interface EChartProps {
  option: EChartsCoreOption
  height?: number
  /** Accessible name of the chart region. */
  label: string
  onClick?: (params: { name: string; seriesName?: string; dataIndex: number }) => void
}

/** Thin echarts wrapper: init once, setOption on change, resize with the container, dispose on unmount. */
export function EChart({ option, height = 280, label, onClick }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<ECharts | null>(null)
  const clickRef = useRef(onClick)
  clickRef.current = onClick

  useEffect(() => {
    const el = ref.current!
    const instance = init(el, undefined, { renderer: 'svg' })
    chart.current = instance
    instance.on('click', (p) => clickRef.current?.(p as never))
    const ro = new ResizeObserver(() => instance.resize())
    ro.observe(el)
    return () => {
      ro.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, true)
  }, [option])

  return <div ref={ref} role="img" aria-label={label} data-testid="echart" style={{ width: '100%', height }} />
}
