import { TreeSelect } from 'antd'
import { useMemo } from 'react'
import type { Topology } from '../../../contract/cmdb'
import { useCmdbMessages } from '../cmdb-messages'
import type { Scope } from '../utils/scope'

export interface ScopePickerProps {
  topology: Topology
  scope: Scope
  onScopeChange: (scope: Scope) => void
}

/** Keyboard-usable twin of the chart: pick a business, set or module (value `kind:id`) to scope the host list. */
export function ScopePicker({ topology, scope, onScopeChange }: ScopePickerProps) {
  const m = useCmdbMessages()
  const { treeData, byValue } = useMemo(() => {
    const index = new Map<string, Scope>()
    type Node = { value: string; title: string; children?: Node[] }
    const node = (
      kind: 'biz' | 'set' | 'module',
      id: number,
      name: string,
      c: { hostCount: number; onlineCount: number },
      children?: Node[],
    ): Node => {
      index.set(`${kind}:${id}`, { kind, id, name })
      return { value: `${kind}:${id}`, title: `${name} (${c.onlineCount}/${c.hostCount})`, children }
    }
    const data = topology.businesses.map((b) =>
      node(
        'biz',
        b.id,
        b.name,
        b,
        b.sets.map((s) =>
          node(
            'set',
            s.id,
            s.name,
            s,
            s.modules.map((mod) => node('module', mod.id, mod.name, mod)),
          ),
        ),
      ),
    )
    return { treeData: data, byValue: index }
  }, [topology])
  return (
    <TreeSelect
      aria-label={m.table.scopePicker}
      placeholder={m.table.allScope}
      allowClear
      treeDefaultExpandAll
      style={{ width: 280 }}
      value={scope.kind === 'all' ? undefined : `${scope.kind}:${scope.id}`}
      treeData={treeData}
      onChange={(v?: string) => onScopeChange((v && byValue.get(v)) || { kind: 'all' })}
    />
  )
}
