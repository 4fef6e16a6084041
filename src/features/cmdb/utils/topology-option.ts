import type { Host, Topology } from '../../../contract/cmdb'
import type { Scope } from './scope'

/** What a tree node stands for; the click handler reads it back from `params.data.ref`. */
export type NodeRef = Scope | { kind: 'host'; id: number; name: string } | { kind: 'more'; moduleId: number }

interface TreeNode {
  name: string
  ref: NodeRef
  children?: TreeNode[]
  itemStyle?: { color: string; borderColor: string }
  collapsed?: boolean
}

export const STATUS_COLORS = { online: '#52c41a', offline: '#ff4d4f', none: '#bfbfbf' } as const

const label = (name: string, c: { hostCount: number; onlineCount: number }) =>
  `${name}  ${c.onlineCount}/${c.hostCount}`

/**
 * The echarts tree: businesses → sets → modules labelled "online/total", and the hosts of at most one
 * expanded module (the page loads ≤ 50 of them), so the tree stays small with thousands of hosts.
 */
export function topologyOption(
  topo: Topology,
  expanded: { moduleId: number; hosts: Host[]; total: number } | null,
  texts: { all: string; more: string },
) {
  const root: TreeNode = {
    name: label(texts.all, topo),
    ref: { kind: 'all' },
    children: topo.businesses.map((b) => ({
      name: label(b.name, b),
      ref: { kind: 'biz', id: b.id, name: b.name },
      children: b.sets.map((s) => ({
        name: label(s.name, s),
        ref: { kind: 'set', id: s.id, name: s.name },
        children: s.modules.map((m) => {
          const node: TreeNode = { name: label(m.name, m), ref: { kind: 'module', id: m.id, name: m.name } }
          if (expanded?.moduleId === m.id) {
            node.children = expanded.hosts.map((h) => ({
              name: h.name,
              ref: { kind: 'host', id: h.id, name: h.name },
              itemStyle: { color: STATUS_COLORS[h.agentStatus], borderColor: STATUS_COLORS[h.agentStatus] },
            }))
            const rest = expanded.total - expanded.hosts.length
            if (rest > 0)
              node.children.push({
                name: texts.more.replace('{n}', String(rest)),
                ref: { kind: 'more', moduleId: m.id },
              })
          }
          return node
        }),
      })),
    })),
  }
  const leaves = Math.max(8, countLeaves(root))
  return {
    height: Math.min(2400, leaves * 22 + 40),
    option: {
      tooltip: { trigger: 'item', triggerOn: 'mousemove' },
      series: [
        {
          type: 'tree',
          data: [root],
          left: 120,
          right: 200,
          top: 10,
          bottom: 10,
          orient: 'LR',
          layout: 'orthogonal',
          symbolSize: 9,
          initialTreeDepth: -1,
          expandAndCollapse: false,
          animationDuration: 200,
          label: { position: 'left', verticalAlign: 'middle', align: 'right', fontSize: 12 },
          leaves: { label: { position: 'right', align: 'left' } },
        },
      ],
    },
  }
}

function countLeaves(n: TreeNode): number {
  return n.children?.length ? n.children.reduce((s, c) => s + countLeaves(c), 0) : 1
}
