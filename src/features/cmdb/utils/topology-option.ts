import type { Host, Topology } from '../../../contract/cmdb'
import type { Scope } from './scope'

/** What a tree node stands for; the click handler reads it back from `params.data.ref`. */
export type NodeRef = Scope | { kind: 'host'; id: number; name: string } | { kind: 'more'; moduleId: number }

interface TreeNode {
  name: string
  ref: NodeRef
  children?: TreeNode[]
  itemStyle?: { color: string; borderColor: string }
  symbolSize?: number
  label?: Record<string, unknown>
  collapsed?: boolean
}

/** A search on the tree: the text, and the hosts whose name or IP matched it (found on the server). */
export interface TreeSearch {
  text: string
  hosts: Host[]
}

export const MATCH_COLOR = '#fa8c16'
const matchStyle = {
  symbolSize: 14,
  label: { color: MATCH_COLOR, fontWeight: 'bold' },
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
  view: { search?: TreeSearch | null; zoom?: number } = {},
) {
  const needle = view.search?.text.trim().toLowerCase() ?? ''
  const found = new Map<number, Host[]>()
  for (const h of view.search?.hosts ?? []) found.set(h.moduleId, [...(found.get(h.moduleId) ?? []), h])
  const hit = (name: string) => needle !== '' && name.toLowerCase().includes(needle)
  const hostLeaf = (h: Host, isMatch: boolean): TreeNode => ({
    name: h.name,
    ref: { kind: 'host', id: h.id, name: h.name },
    itemStyle: {
      color: STATUS_COLORS[h.agentStatus],
      borderColor: isMatch ? MATCH_COLOR : STATUS_COLORS[h.agentStatus],
    },
    ...(isMatch ? matchStyle : {}),
  })
  /** While searching, a branch without a match is left out, so the tree opens on the path to every match. */
  const keep = (n: TreeNode, self: boolean) => (needle ? self || !!n.children?.length : true)
  const mark = (n: TreeNode, self: boolean): TreeNode => (self ? { ...n, ...matchStyle } : n)

  const businesses = topo.businesses
    .map((b) => {
      const bizHit = hit(b.name)
      const sets = b.sets
        .map((s) => {
          const setHit = bizHit || hit(s.name)
          const modules = s.modules
            .map((m) => {
              const modHit = setHit || hit(m.name)
              const node: TreeNode = { name: label(m.name, m), ref: { kind: 'module', id: m.id, name: m.name } }
              const matches = found.get(m.id) ?? []
              if (matches.length) node.children = matches.map((h) => hostLeaf(h, true))
              else if (expanded?.moduleId === m.id) {
                node.children = expanded.hosts.map((h) => hostLeaf(h, false))
                const rest = expanded.total - expanded.hosts.length
                if (rest > 0)
                  node.children.push({
                    name: texts.more.replace('{n}', String(rest)),
                    ref: { kind: 'more', moduleId: m.id },
                  })
              }
              return keep(node, modHit) ? mark(node, hit(m.name)) : null
            })
            .filter((n): n is TreeNode => n !== null)
          const node: TreeNode = {
            name: label(s.name, s),
            ref: { kind: 'set', id: s.id, name: s.name },
            children: modules,
          }
          return keep(node, setHit) ? mark(node, hit(s.name)) : null
        })
        .filter((n): n is TreeNode => n !== null)
      const node: TreeNode = { name: label(b.name, b), ref: { kind: 'biz', id: b.id, name: b.name }, children: sets }
      return keep(node, bizHit) ? mark(node, bizHit) : null
    })
    .filter((n): n is TreeNode => n !== null)
  const rootName = label(texts.all, topo)
  const root: TreeNode = { name: rootName, ref: { kind: 'all' }, children: businesses }
  const leaves = Math.max(8, countLeaves(root))
  const matches =
    (view.search?.hosts.length ?? 0) +
    (needle ? countWhere(root, (n) => 'name' in n.ref && n.ref.kind !== 'host' && hit(n.ref.name)) : 0)
  return {
    height: Math.min(2400, leaves * 22 + 40),
    matches,
    option: {
      tooltip: { trigger: 'item', triggerOn: 'mousemove' },
      series: [
        {
          type: 'tree',
          data: [root],
          // The root's label sits left of it: the margin grows with the label so it is never clipped.
          left: Math.max(120, rootName.length * 7 + 24),
          right: 200,
          top: 10,
          bottom: 10,
          orient: 'LR',
          layout: 'orthogonal',
          symbolSize: 9,
          initialTreeDepth: -1,
          expandAndCollapse: false,
          animationDuration: 200,
          // Drag to pan; zoom with the page's buttons (the mouse wheel keeps scrolling the page).
          roam: 'move',
          zoom: view.zoom ?? 1,
          label: { position: 'left', verticalAlign: 'middle', align: 'right', fontSize: 12 },
          leaves: { label: { position: 'right', align: 'left' } },
        },
      ],
    },
  }
}

function countWhere(n: TreeNode, f: (n: TreeNode) => boolean): number {
  return (f(n) ? 1 : 0) + (n.children ?? []).reduce((s, c) => s + countWhere(c, f), 0)
}

function countLeaves(n: TreeNode): number {
  return n.children?.length ? n.children.reduce((s, c) => s + countLeaves(c), 0) : 1
}
