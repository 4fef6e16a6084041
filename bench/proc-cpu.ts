import { readdirSync, readFileSync } from 'node:fs'

/**
 * CPU seconds used so far by a process and its live descendants, by program name (Linux /proc; null
 * elsewhere). Each process counts its own time and that of children it has waited for (an agent's finished
 * scripts), so short-lived work is not lost between two readings.
 */
export function treeCpu(rootPid: number): Map<string, number> | null {
  try {
    const stats = new Map<number, { ppid: number; cpu: number; comm: string }>()
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])
        stats.set(Number(d), { ppid: Number(f[1]), cpu: ticks / 100, comm })
      } catch {}
    }
    const byName = new Map<string, number>()
    const todo = [rootPid]
    while (todo.length) {
      const pid = todo.pop()!
      const s = stats.get(pid)
      if (s) byName.set(s.comm, (byName.get(s.comm) ?? 0) + s.cpu)
      for (const [p, c] of stats) if (c.ppid === pid) todo.push(p)
    }
    return byName
  } catch {
    return null
  }
}

/** Total CPU seconds of the trees rooted at these pids (null off Linux). */
export function treesCpu(pids: number[]): number | null {
  let sum = 0
  for (const pid of pids) {
    const t = treeCpu(pid)
    if (!t) return null
    for (const v of t.values()) sum += v
  }
  return sum
}
