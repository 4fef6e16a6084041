import { describe, expect, it } from 'vitest'
import type { AppGraph } from '../../../contract/cmdb'
import { graphOption, LABEL_WIDTH, nodeLabel } from './graph-option'

const graph: AppGraph = {
  nodes: [
    { id: 1, name: 'mall', fullName: 'mall', parentId: null, distance: 0 },
    {
      id: 2,
      name: 'customer-notification-center',
      fullName: 'mall.customer-notification-center',
      parentId: 1,
      distance: 1,
    },
  ],
  edges: [{ from: 1, to: 2, kind: 'contains' }],
}
const texts = { centre: 'Centre', app: 'Application' }

describe('the application graph option', () => {
  it('on a phone: last name part, cut at a width with an ellipsis, under the node; the tooltip has the full name', () => {
    const series = graphOption(graph, texts, { compact: true }).series[0]
    expect(series.label).toMatchObject({
      position: 'bottom',
      width: LABEL_WIDTH.compact,
      overflow: 'truncate',
      ellipsis: '…',
    })
    const node = series.data[1]!
    expect(series.label.formatter({ data: node })).toBe('customer-notification-center')
    const tooltip = graphOption(graph, texts, { compact: true }).tooltip.formatter
    expect(tooltip({ dataType: 'node', data: node, name: node.name })).toBe('mall.customer-notification-center')
  })

  it('on a desktop: the full dotted name, wider', () => {
    const series = graphOption(graph, texts).series[0]
    expect(series.label.width).toBe(LABEL_WIDTH.wide)
    expect(series.label.formatter({ data: series.data[1] })).toBe('mall.customer-notification-center')
    expect(nodeLabel('a.b.c', true)).toBe('c')
  })
})
