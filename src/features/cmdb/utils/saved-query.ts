import type { AgentStatus, Topology } from '../../../contract/cmdb'
import type { CustomQueryInfo } from '../../../contract/custom-queries'
import type { Scope } from './scope'

/** The business a scope lies in (null: all businesses, the caller picks one). */
export function scopeBusiness(scope: Scope, topology?: Topology): number | null {
  if (scope.kind === 'all') return null
  if (scope.kind === 'biz') return scope.id
  for (const b of topology?.businesses ?? [])
    for (const s of b.sets) {
      if (scope.kind === 'set' && s.id === scope.id) return b.id
      if (scope.kind === 'module' && s.modules.some((m) => m.id === scope.id)) return b.id
    }
  return null
}

/**
 * "Contains `text`, any case" as a regular expression (a query's `$regex` is case-sensitive, the host
 * search is not): special characters escaped, each letter as `[xX]`.
 */
export function containsPattern(text: string): string {
  return [...text]
    .map((c) => {
      const lower = c.toLowerCase()
      const upper = c.toUpperCase()
      if (lower !== upper) return `[${lower}${upper}]`
      return /[.*+?^${}()|[\]\\/-]/.test(c) ? `\\${c}` : c
    })
    .join('')
}

/** The host search text as the field it most likely means: an IP when it is digits, dots and colons only. */
export const searchField = (q: string) => (/^[\d.:]+$/.test(q) ? 'bk_host_innerip' : 'bk_host_name')

/**
 * The host list's current filter as a saved query's conditions (BlueKing custom query `info`): the set or
 * module of the scope, the search text on the host name (or inner IP when it looks like one) and the agent
 * status. The business is the query's own (a query belongs to one business), so it is no condition.
 */
export function filterToQuery(filter: { scope: Scope; q?: string; status?: AgentStatus }): CustomQueryInfo {
  const { scope, q, status } = filter
  const condition: CustomQueryInfo['condition'] = []
  if (scope.kind === 'set')
    condition.push({
      bk_obj_id: 'set',
      condition: [{ field: 'bk_set_id', operator: '$eq', value: scope.id }],
      fields: [],
    })
  if (scope.kind === 'module')
    condition.push({
      bk_obj_id: 'module',
      condition: [{ field: 'bk_module_id', operator: '$eq', value: scope.id }],
      fields: [],
    })
  const host: CustomQueryInfo['condition'][number]['condition'] = []
  if (q) host.push({ field: searchField(q), operator: '$regex', value: containsPattern(q) })
  if (status) host.push({ field: 'bk_agent_status', operator: '$eq', value: status })
  if (host.length) condition.push({ bk_obj_id: 'host', condition: host, fields: [] })
  return { condition }
}

/** One line per condition, as stored (`module.bk_module_id $eq 7`), for lists of saved queries. */
export function conditionLines(info: CustomQueryInfo): string[] {
  return info.condition.flatMap((o) =>
    o.condition.map(
      (c) => `${o.bk_obj_id}.${c.field} ${c.operator} ${Array.isArray(c.value) ? c.value.join(', ') : c.value}`,
    ),
  )
}
