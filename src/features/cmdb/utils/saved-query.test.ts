import { describe, expect, it } from 'vitest'
import { matchesCustomQuery } from '../../../contract/custom-queries'
import type { Topology } from '../../../contract/cmdb'
import { conditionLines, containsPattern, filterToQuery, scopeBusiness } from './saved-query'

const topology = {
  hostCount: 0,
  onlineCount: 0,
  businesses: [
    {
      id: 2,
      name: 'shop',
      maintainer: '',
      isDefault: false,
      hostCount: 0,
      onlineCount: 0,
      sets: [
        {
          id: 5,
          name: 'web',
          builtin: false,
          hostCount: 0,
          onlineCount: 0,
          modules: [{ id: 9, name: 'nginx', kind: 'normal', hostCount: 0, onlineCount: 0 }],
        },
      ],
    },
  ],
} as Topology

const host = (name: string, ip: string, status = 'online', moduleId = 9) => ({
  biz: { bk_biz_id: 2 },
  set: { bk_set_id: 5 },
  module: { bk_module_id: moduleId },
  host: { bk_host_name: name, bk_host_innerip: ip, bk_agent_status: status },
})

describe('saving the host filter as a query', () => {
  it('finds the business of a set or module scope', () => {
    expect(scopeBusiness({ kind: 'all' }, topology)).toBeNull()
    expect(scopeBusiness({ kind: 'biz', id: 2, name: 'shop' }, topology)).toBe(2)
    expect(scopeBusiness({ kind: 'set', id: 5, name: 'web' }, topology)).toBe(2)
    expect(scopeBusiness({ kind: 'module', id: 9, name: 'nginx' }, topology)).toBe(2)
    expect(scopeBusiness({ kind: 'module', id: 99, name: 'gone' }, topology)).toBeNull()
  })

  it('matches like the host search: substring, any case, special characters literal', () => {
    const re = new RegExp(containsPattern('Web.1'))
    expect(re.test('prod-WEB.10')).toBe(true)
    expect(re.test('prod-webx1')).toBe(false)
  })

  it('turns module, search text and agent status into conditions the query evaluates the same way', () => {
    const info = filterToQuery({ scope: { kind: 'module', id: 9, name: 'nginx' }, q: 'web', status: 'online' })
    expect(conditionLines(info)).toEqual([
      'module.bk_module_id $eq 9',
      'host.bk_host_name $regex [wW][eE][bB]',
      'host.bk_agent_status $eq online',
    ])
    expect(matchesCustomQuery(info, host('Web-01', '10.0.0.1'))).toBe(true)
    expect(matchesCustomQuery(info, host('web-02', '10.0.0.2', 'offline'))).toBe(false)
    expect(matchesCustomQuery(info, host('db-01', '10.0.0.3'))).toBe(false)
    expect(matchesCustomQuery(info, host('web-03', '10.0.0.4', 'online', 10))).toBe(false)
  })

  it('reads an IP-like search as the inner IP, and an empty filter as every host of the business', () => {
    const info = filterToQuery({ scope: { kind: 'set', id: 5, name: 'web' }, q: '10.0.1.' })
    expect(conditionLines(info)).toEqual(['set.bk_set_id $eq 5', 'host.bk_host_innerip $regex 10\\.0\\.1\\.'])
    expect(matchesCustomQuery(info, host('a', '10.0.1.7'))).toBe(true)
    expect(matchesCustomQuery(info, host('a', '10.0.11.7'))).toBe(false)
    expect(filterToQuery({ scope: { kind: 'all' } })).toEqual({ condition: [] })
  })
})
