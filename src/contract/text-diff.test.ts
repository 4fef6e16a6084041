import { describe, expect, it } from 'vitest'
import { diffLines } from './text-diff'

describe('diffLines', () => {
  it('marks kept, removed and added lines with line numbers', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc\nd')).toEqual([
      { op: 'equal', text: 'a', oldLine: 1, newLine: 1 },
      { op: 'remove', text: 'b', oldLine: 2 },
      { op: 'add', text: 'x', newLine: 2 },
      { op: 'equal', text: 'c', oldLine: 3, newLine: 3 },
      { op: 'add', text: 'd', newLine: 4 },
    ])
  })

  it('diffs against nothing as all additions, and equal texts as all kept', () => {
    expect(diffLines('', 'a\nb').map((l) => l.op)).toEqual(['add', 'add'])
    expect(diffLines('a\nb', 'a\nb').every((l) => l.op === 'equal')).toBe(true)
  })
})
