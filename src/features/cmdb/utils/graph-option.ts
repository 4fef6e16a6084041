import type { AppGraph } from '../../../contract/cmdb'

/** The echarts force graph of applications: arrows for "requires", dashed lines for parent → child. */
export function graphOption(graph: AppGraph, texts: { requires: string; contains: string }) {
  return {
    tooltip: {},
    legend: [{ data: [texts.requires, texts.contains], bottom: 0 }],
    series: [
      {
        type: 'graph',
        layout: 'force',
        roam: true,
        draggable: true,
        force: { repulsion: 260, edgeLength: 120 },
        categories: [{ name: texts.requires }, { name: texts.contains }],
        label: { show: true, position: 'right' },
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 8,
        data: graph.nodes.map((n) => ({
          id: String(n.id),
          name: n.fullName,
          value: n.distance ?? undefined,
          symbolSize: n.distance === 0 ? 28 : 18,
          category: 0,
        })),
        links: graph.edges.map((e) => ({
          source: String(e.from),
          target: String(e.to),
          lineStyle: e.kind === 'contains' ? { type: 'dashed', opacity: 0.5 } : { width: 2 },
        })),
      },
    ],
  }
}
