import { describe, expect, it } from 'vitest'
import { cut, layoutProblems, sizesBySize, sizesFromExpression } from './batch-plan'

describe('rolling expressions', () => {
  it.each([
    ['10 20 100%', 45, [10, 20, 15]],
    ['1 *2', 20, [1, 2, 4, 8, 5]],
    ['2 +2', 12, [2, 4, 6]],
    ['10%', 25, [3, 3, 3, 3, 3, 3, 3, 3, 1]],
    ['5', 12, [5, 5, 2]],
    ['100%', 7, [7]],
  ])('%s over %i hosts', (expr, total, sizes) => {
    expect(sizesFromExpression(total, expr)).toEqual({ sizes })
  })

  it.each(['', 'abc', '+2 3', '10%%', '*3%'])('refuses %j', (expr) => {
    expect(sizesFromExpression(10, expr)).toHaveProperty('error')
  })

  it('refuses a zero batch', () => {
    expect(sizesFromExpression(10, '0')).toHaveProperty('error')
  })
})

it('fixed sizes and cutting', () => {
  expect(sizesBySize(23, 10)).toEqual([10, 10, 3])
  expect(cut(['a', 'b', 'c'], [2, 1])).toEqual([['a', 'b'], ['c']])
})

it('layout limits follow COC', () => {
  expect(layoutProblems([10, 10])).toEqual([])
  expect(layoutProblems([11])).toEqual(['batch 1 has 11 hosts; at most 10 per batch'])
  expect(layoutProblems(Array(21).fill(1))).toEqual(['at most 20 batches (21 planned)'])
  expect(layoutProblems([])).toEqual(['pick at least one host'])
})
