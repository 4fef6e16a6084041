import type { AppGraph } from '../../../contract/cmdb'

/** Node colours and edge styles of the application graph; the page's legend is drawn from the same values. */
export const GRAPH_STYLE = {
  centre: { color: '#fa8c16', symbol: 'diamond', size: 30 },
  app: { color: '#1677ff', symbol: 'circle', size: 18 },
  requires: { color: '#595959', type: 'solid', width: 2 },
  contains: { color: '#bfbfbf', type: 'dashed', width: 1 },
} as const

/** The widest a node's label may be (px) before it is cut with an ellipsis: a phone's chart is ~340 px wide. */
export const LABEL_WIDTH = { compact: 84, wide: 160 } as const

/**
 * A node's label: the full dotted name (`mall.mall-order`), or on a phone only its last part (`mall-order`),
 * the parents being implied by the dashed "contains" lines. The tooltip always shows the full name.
 */
export function nodeLabel(fullName: string, compact: boolean) {
  return compact ? (fullName.split('.').at(-1) ?? fullName) : fullName
}

/**
 * The echarts force graph of applications, centred in its box: the centre application (diamond) and the others
 * (circles) as the two legend categories; arrows for "requires", dashed lines for parent → child (shown in the page's
 * own legend, as echarts legends only list node categories).
 */
export function graphOption(graph: AppGraph, texts: { centre: string; app: string }, opts = { compact: false }) {
  const { centre, app, requires, contains } = GRAPH_STYLE
  const { compact } = opts
  return {
    // Nodes: the full name (labels may be shortened or cut); edges: echarts' default `from > to`.
    tooltip: {
      formatter: (p: { dataType?: string; data?: { fullName?: string }; name?: string }) =>
        p.dataType === 'node' ? (p.data?.fullName ?? p.name ?? '') : (p.name ?? ''),
    },
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
        // Shorter springs on a phone keep the graph (and its labels) inside a narrow box.
        force: compact
          ? { repulsion: 220, edgeLength: 80, gravity: 0.2, initLayout: 'circular', layoutAnimation: false }
          : { repulsion: 420, edgeLength: 150, gravity: 0.2, initLayout: 'circular', layoutAnimation: false },
        categories: [
          { name: texts.centre, symbol: centre.symbol, itemStyle: { color: centre.color } },
          { name: texts.app, symbol: app.symbol, itemStyle: { color: app.color } },
        ],
        // Under the node, centred on it (a label to the right ran past the chart's right edge and over the arrows),
        // cut with an ellipsis past a width; the full name is in the tooltip.
        label: {
          show: true,
          position: 'bottom',
          width: compact ? LABEL_WIDTH.compact : LABEL_WIDTH.wide,
          overflow: 'truncate',
          ellipsis: '…',
          fontSize: compact ? 11 : 12,
          formatter: (p: { data?: { fullName?: string } }) => nodeLabel(p.data?.fullName ?? '', compact),
        },
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 8,
        data: graph.nodes.map((n) => ({
          id: String(n.id),
          name: n.fullName,
          fullName: n.fullName,
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
