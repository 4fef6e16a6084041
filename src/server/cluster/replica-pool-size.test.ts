import { describe, expect, it } from 'vitest'
import { replicaPoolSize } from './primary'

describe('replicaPoolSize', () => {
  it('shares about 10 connections among the replicas of one machine, at least 5 each', () => {
    expect([1, 2, 3, 4, 8].map(replicaPoolSize)).toEqual([10, 5, 5, 5, 5])
  })
})
