/** One line of a line diff: kept, added in the new text or removed from the old one. */
export interface DiffLine {
  op: 'equal' | 'add' | 'remove'
  text: string
  /** 1-based line in the old text (equal/remove). */
  oldLine?: number
  /** 1-based line in the new text (equal/add). */
  newLine?: number
}

/**
 * Line diff by longest common subsequence. Script content is at most 4096 characters, so the O(n·m)
 * table is small; removals are listed before additions at each change.
 */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = oldText === '' ? [] : oldText.split('\n')
  const b = newText === '' ? [] : newText.split('\n')
  const n = a.length
  const m = b.length
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
    }
  }
  const out: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ op: 'equal', text: a[i], oldLine: i + 1, newLine: j + 1 })
      i++
      j++
    } else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push({ op: 'remove', text: a[i], oldLine: i + 1 })
      i++
    } else {
      out.push({ op: 'add', text: b[j], newLine: j + 1 })
      j++
    }
  }
  return out
}
