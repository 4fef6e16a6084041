import { EXECUTION_LIMITS as L } from './execution-rules'

/**
 * Batch sizes from a rolling expression (BlueKing Job's language): space-separated tokens, each one batch;
 * the last token repeats until every host has a batch.
 *   `n`    n hosts            `n%`  n percent of all hosts (rounded up, at least 1)
 *   `+n`   previous size + n  `*n`  previous size × n
 *   `100%` is "all the rest". Examples: `10 20 100%` → 10, 20, rest; `1 *2` → 1, 2, 4, 8 …
 */
export function sizesFromExpression(total: number, expression: string): { sizes: number[] } | { error: string } {
  const tokens = expression.trim().split(/\s+/).filter(Boolean)
  if (!tokens.length) return { error: 'enter at least one batch size' }
  for (const t of tokens)
    if (!/^(\+|\*)?\d+%?$/.test(t) || /^[+*]\d+%$/.test(t)) return { error: `"${t}" is not n, n%, +n or *n` }
  if (/^[+*]/.test(tokens[0]!)) return { error: 'the first batch needs a size (n or n%)' }
  const sizes: number[] = []
  let left = total
  let previous = 0
  for (let i = 0; left > 0; i++) {
    const t = tokens[Math.min(i, tokens.length - 1)]!
    const n = Number(t.replace(/[+*%]/g, ''))
    let size: number
    if (t.endsWith('%')) size = n >= 100 ? left : Math.max(1, Math.ceil((total * n) / 100))
    else if (t.startsWith('+')) size = previous + n
    else if (t.startsWith('*')) size = previous * n
    else size = n
    if (size <= 0) return { error: `"${t}" gives an empty batch` }
    size = Math.min(size, left)
    sizes.push(size)
    left -= size
    previous = size
    if (sizes.length > 1000) break
  }
  return { sizes }
}

/** Fixed-size batches: 23 hosts by 10 → 10, 10, 3. */
export function sizesBySize(total: number, size: number): number[] {
  const sizes: number[] = []
  for (let left = total; left > 0; left -= size) sizes.push(Math.min(size, left))
  return sizes
}

/** Cuts `items` into consecutive groups of the given sizes. */
export function cut<T>(items: T[], sizes: number[]): T[][] {
  const out: T[][] = []
  let at = 0
  for (const s of sizes) {
    out.push(items.slice(at, at + s))
    at += s
  }
  return out
}

/** Why a batch layout cannot be submitted (COC: ≤ 200 hosts, ≤ 20 batches, 1–10 hosts each), or [] when it can. */
export function layoutProblems(batchSizes: number[]): string[] {
  const problems: string[] = []
  const total = batchSizes.reduce((a, b) => a + b, 0)
  if (total === 0) problems.push('pick at least one host')
  if (total > L.hostsMax) problems.push(`at most ${L.hostsMax} hosts per execution (${total} picked)`)
  if (batchSizes.length > L.batchesMax) problems.push(`at most ${L.batchesMax} batches (${batchSizes.length} planned)`)
  batchSizes.forEach((s, i) => {
    if (s > L.hostsPerBatchMax) problems.push(`batch ${i + 1} has ${s} hosts; at most ${L.hostsPerBatchMax} per batch`)
    if (s === 0) problems.push(`batch ${i + 1} is empty`)
  })
  return problems
}
