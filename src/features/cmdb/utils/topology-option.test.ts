import { describe, expect, it } from 'vitest'
import { topologyOption } from './topology-option'

const topo = {
  hostCount: 5000,
  onlineCount: 4000,
  businesses: [
    {
      id: 1,
      name: 'Default business',
      maintainer: '',
      isDefault: true,
      hostCount: 5000,
      onlineCount: 4000,
      sets: [
        {
          id: 1,
          name: 'Internal',
          builtin: true,
          hostCount: 5000,
          onlineCount: 4000,
          modules: [
            { id: 1, name: 'Idle pool', kind: 'idle' as const, hostCount: 5000, onlineCount: 4000 },
            { id: 2, name: 'Fault pool', kind: 'fault' as const, hostCount: 0, onlineCount: 0 },
          ],
        },
      ],
    },
  ],
}
const texts = { all: 'All', more: '+{n} more' }

describe('topologyOption', () => {
  it('labels each level with online/total and leaves hosts out until a module is expanded', () => {
    const { option } = topologyOption(topo, null, texts)
    const root = option.series[0].data[0]
    expect(root.name).toBe('All  4000/5000')
    expect(root.children![0].children![0].children!.map((m) => m.name)).toEqual([
      'Idle pool  4000/5000',
      'Fault pool  0/0',
    ])
    expect(root.children![0].children![0].children![0].children).toBeUndefined()
  })

  it('shows the loaded hosts of the expanded module and a "more" node for the rest', () => {
    const hosts = [
      { id: 7, name: 'h7', agentStatus: 'online' },
      { id: 8, name: 'h8', agentStatus: 'offline' },
    ] as never
    const { option, height } = topologyOption(topo, { moduleId: 1, hosts, total: 5000 }, texts)
    const idle = option.series[0].data[0].children![0].children![0].children![0]
    expect(idle.children!.map((c) => c.name)).toEqual(['h7', 'h8', '+4998 more'])
    expect(idle.children![1].itemStyle!.color).toBe('#ff4d4f')
    expect(height).toBeLessThan(400)
  })

  it('on a search, keeps only the paths to matches, highlights them and opens the matching hosts', () => {
    const hosts = [{ id: 9, name: 'idle-db-9', agentStatus: 'online', moduleId: 1 }] as never
    const { option, matches } = topologyOption(topo, null, texts, { search: { text: 'fault p', hosts } })
    const set = option.series[0].data[0].children![0].children![0]
    // "Fault pool" matches by name; "Idle pool" stays only for the host found in it.
    expect(set.children!.map((m) => m.name)).toEqual(['Idle pool  4000/5000', 'Fault pool  0/0'])
    expect(set.children![1].label).toMatchObject({ fontWeight: 'bold' })
    expect(set.children![0].label).toBeUndefined()
    expect(set.children![0].children!.map((h) => h.name)).toEqual(['idle-db-9'])
    expect(matches).toBe(2)
    const none = topologyOption(topo, null, texts, { search: { text: 'nothing', hosts: [] } })
    expect(none.option.series[0].data[0].children).toEqual([])
    expect(none.matches).toBe(0)
  })

  it('leaves room left of the root for its whole label, and zooms', () => {
    const long = { ...topo, hostCount: 123456, onlineCount: 123456 }
    const { option } = topologyOption(long, null, { all: 'All businesses in this project', more: '' }, { zoom: 2 })
    const label = option.series[0].data[0].name
    expect(option.series[0].left).toBeGreaterThanOrEqual(label.length * 7)
    expect(option.series[0].zoom).toBe(2)
  })
})
