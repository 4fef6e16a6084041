import type { AppGraph } from '../../../contract/cmdb'

/** Node colours and edge styles of the application graph; the page's legend is drawn from the same values. */
export const GRAPH_STYLE = {
  centre: { color: '#fa8c16', symbol: 'diamond', size: 30 },
  app: { color: '#1677ff', symbol: 'circle', size: 18 },
  requires: { color: '#595959', type: 'solid', width: 2 },
  contains: { color: '#bfbfbf', type: 'dashed', width: 1 },
} as const

/**
 * The echarts force graph of applications, centred in its box: the centre application (diamond) and the others
 * (circles) as the two legend categories; arrows for "requires", dashed lines for parent → child (shown in the page's
 * own legend, as echarts legends only list node categories).
 */
export function graphOption(graph: AppGraph, texts: { centre: string; app: string }) {
  const { centre, app, requires, contains } = GRAPH_STYLE
  return {
    tooltip: {},
    // The legend's icons are the nodes' own shapes; the centre is listed only when the graph has one.
    legend: [
      {
        data: [
          ...(graph.nodes.some((n) => n.distance === 0) ? [{ name: texts.centre, icon: centre.symbol }] : []),
          { name: texts.app, icon: app.symbol },
        ],
        bottom: 0,
      },
    ],
    series: [
      {
        type: 'graph',
        layout: 'force',
        roam: true,
        draggable: true,
        // Centred: the layout box is the whole chart (less the legend), and gravity pulls every component to its middle.
        left: 'center',
        top: 'middle',
        width: '90%',
        height: '85%',
        force: { repulsion: 420, edgeLength: 150, gravity: 0.2, initLayout: 'circular', layoutAnimation: false },
        categories: [
          { name: texts.centre, symbol: centre.symbol, itemStyle: { color: centre.color } },
          { name: texts.app, symbol: app.symbol, itemStyle: { color: app.color } },
        ],
        label: { show: true, position: 'right' },
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 8,
        data: graph.nodes.map((n) => ({
          id: String(n.id),
          name: n.fullName,
          value: n.distance ?? undefined,
          symbolSize: n.distance === 0 ? centre.size : app.size,
          category: n.distance === 0 ? 0 : 1,
        })),
        links: graph.edges.map((e) => {
          const s = e.kind === 'contains' ? contains : requires
          return {
            source: String(e.from),
            target: String(e.to),
            symbol: e.kind === 'contains' ? ['none', 'none'] : ['none', 'arrow'],
            lineStyle: { color: s.color, type: s.type, width: s.width, opacity: 1 },
          }
        }),
      },
    ],
  }
}
