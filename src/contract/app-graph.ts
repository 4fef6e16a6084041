/**
 * Pure rules of the application tree and dependency graph, shared by the BFF and the mocks (unit-tested without a
 * database).
 */

export interface AppNode {
  id: number
  name: string
  parentId: number | null
}
export interface DepEdge {
  appId: number
  requiredAppId: number
}

/** Dotted path from the root (`shop.web.cart`), as seed 003's full_name. */
export function fullNames(apps: AppNode[]): Map<number, string> {
  const byId = new Map(apps.map((a) => [a.id, a]))
  const out = new Map<number, string>()
  const name = (a: AppNode, seen: Set<number>): string => {
    const cached = out.get(a.id)
    if (cached) return cached
    const parent = a.parentId === null ? undefined : byId.get(a.parentId)
    const full = parent && !seen.has(parent.id) ? `${name(parent, new Set([...seen, a.id]))}.${a.name}` : a.name
    out.set(a.id, full)
    return full
  }
  for (const a of apps) name(a, new Set([a.id]))
  return out
}

/** True when `candidate` is `appId` itself or one of its descendants (re-parenting there makes a loop). */
export function isSelfOrDescendant(apps: AppNode[], appId: number, candidate: number): boolean {
  const byId = new Map(apps.map((a) => [a.id, a]))
  for (
    let cur = byId.get(candidate), hops = 0;
    cur && hops <= apps.length;
    cur = cur.parentId === null ? undefined : byId.get(cur.parentId), hops++
  ) {
    if (cur.id === appId) return true
  }
  return false
}

/** True when adding "from requires to" closes a cycle: `to` already reaches `from` through requires edges. */
export function wouldCycle(edges: DepEdge[], from: number, to: number): boolean {
  if (from === to) return true
  const next = new Map<number, number[]>()
  for (const e of edges) next.set(e.appId, [...(next.get(e.appId) ?? []), e.requiredAppId])
  const seen = new Set<number>()
  const stack = [to]
  while (stack.length) {
    const cur = stack.pop()!
    if (cur === from) return true
    if (seen.has(cur)) continue
    seen.add(cur)
    stack.push(...(next.get(cur) ?? []))
  }
  return false
}

export type Direction = 'requires' | 'required-by' | 'both'

/**
 * The part of the graph within `depth` hops of `rootId` following requires edges (`requires`), their
 * reverse (`required-by`) or both; every node and edge when there is no root. `distance` is the hop count.
 */
export function neighbourhood(
  apps: AppNode[],
  edges: DepEdge[],
  rootId: number | undefined,
  depth: number,
  direction: Direction,
) {
  if (rootId === undefined) return { ids: new Map(apps.map((a) => [a.id, null as number | null])), edges }
  const dist = new Map<number, number | null>([[rootId, 0]])
  let frontier = [rootId]
  for (let d = 1; d <= depth && frontier.length; d++) {
    const next: number[] = []
    for (const id of frontier) {
      for (const e of edges) {
        const hop =
          direction !== 'required-by' && e.appId === id
            ? e.requiredAppId
            : direction !== 'requires' && e.requiredAppId === id
              ? e.appId
              : undefined
        if (hop !== undefined && !dist.has(hop)) {
          dist.set(hop, d)
          next.push(hop)
        }
      }
    }
    frontier = next
  }
  return { ids: dist, edges: edges.filter((e) => dist.has(e.appId) && dist.has(e.requiredAppId)) }
}
