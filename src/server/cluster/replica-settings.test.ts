import { describe, expect, it } from 'vitest'
import { replicaPoolSize } from './primary'
import { createServer } from 'node:net'
import { assertPortFree, kernelBalanced } from './replica'

describe('replicaPoolSize', () => {
  it('shares about 10 connections among the replicas of one machine, at least 5 each', () => {
    expect([1, 2, 3, 4, 8].map(replicaPoolSize)).toEqual([10, 5, 5, 5, 5])
  })
})

describe('kernelBalanced', () => {
  it('gives each cluster replica on Linux a socket of its own on a fixed port', () => {
    expect(kernelBalanced(8080, 'linux', true)).toBe(true)
  })

  it('keeps the shared handle for port 0, other systems and a console run without the cluster', () => {
    expect(kernelBalanced(0, 'linux', true)).toBe(false)
    expect(kernelBalanced(8080, 'darwin', true)).toBe(false)
    expect(kernelBalanced(8080, 'linux', false)).toBe(false)
  })
})

describe('assertPortFree', () => {
  it('refuses a port another process listens on, even one listening with SO_REUSEPORT, and passes a free one', async () => {
    const other = createServer()
    await new Promise<void>((r) => other.listen({ port: 0, host: '127.0.0.1', reusePort: true }, r))
    const { port } = other.address() as { port: number }
    await expect(assertPortFree(port, '127.0.0.1')).rejects.toThrow(/already in use by another process/)
    await new Promise((r) => other.close(r))
    await expect(assertPortFree(port, '127.0.0.1')).resolves.toBeUndefined()
  })
})
