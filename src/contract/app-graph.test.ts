import { describe, expect, it } from 'vitest'
import { fullNames, isSelfOrDescendant, neighbourhood, wouldCycle } from './app-graph'

const apps = [
  { id: 1, name: 'shop', parentId: null },
  { id: 2, name: 'web', parentId: 1 },
  { id: 3, name: 'cart', parentId: 2 },
  { id: 4, name: 'db', parentId: null },
  { id: 5, name: 'cache', parentId: null },
]
const edges = [
  { appId: 3, requiredAppId: 4 },
  { appId: 3, requiredAppId: 5 },
  { appId: 5, requiredAppId: 4 },
]

describe('application rules', () => {
  it('builds dotted full names from the parent chain', () => {
    expect(fullNames(apps).get(3)).toBe('shop.web.cart')
    expect(fullNames(apps).get(4)).toBe('db')
  })

  it('detects re-parenting under oneself or a descendant', () => {
    expect(isSelfOrDescendant(apps, 1, 3)).toBe(true)
    expect(isSelfOrDescendant(apps, 1, 1)).toBe(true)
    expect(isSelfOrDescendant(apps, 3, 1)).toBe(false)
  })

  it('refuses dependency edges that close a cycle', () => {
    expect(wouldCycle(edges, 4, 3)).toBe(true)
    expect(wouldCycle(edges, 4, 5)).toBe(true)
    expect(wouldCycle(edges, 5, 5)).toBe(true)
    expect(wouldCycle(edges, 2, 3)).toBe(false)
  })

  it('walks the neighbourhood by depth and direction', () => {
    const req = neighbourhood(apps, edges, 3, 1, 'requires')
    expect([...req.ids.entries()]).toEqual([
      [3, 0],
      [4, 1],
      [5, 1],
    ])
    expect(req.edges).toHaveLength(3)
    const by = neighbourhood(apps, edges, 4, 1, 'required-by')
    expect([...by.ids.keys()].sort()).toEqual([3, 4, 5])
    const deep = neighbourhood(apps, edges, 4, 2, 'requires')
    expect([...deep.ids.keys()]).toEqual([4])
    expect(neighbourhood(apps, edges, undefined, 1, 'both').ids.size).toBe(5)
  })
})
