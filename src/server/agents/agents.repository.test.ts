import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '../db/client'
import { testDb } from '../testing/test-db'
import { AgentsRepository } from './agents.repository'

let db: DbHandle
let repo: AgentsRepository
const tenant = randomUUID()

beforeAll(async () => {
  db = await testDb()
  repo = new AgentsRepository(db.db)
})
afterAll(() => db?.close())

describe('agent sessions (which replica holds an agent’s socket)', () => {
  it('moves a session to the replica that holds it now, and drops it only for that replica', async () => {
    await repo.holdSession('sn-a', tenant, 'r1')
    expect(await repo.sessionReplica('sn-a')).toBe('r1')
    await repo.holdSession('sn-a', tenant, 'r2')
    expect(await repo.sessionReplica('sn-a')).toBe('r2')
    // r1 no longer holds it: its offline notice leaves r2's row alone.
    expect(await repo.dropSession('sn-a', 'r1')).toBe(false)
    expect(await repo.sessionReplica('sn-a')).toBe('r2')
    expect(await repo.dropSession('sn-a', 'r2')).toBe(true)
    expect(await repo.sessionReplica('sn-a')).toBeUndefined()
  })

  it('forgets every session of a stopping replica and no other', async () => {
    await repo.holdSession('sn-b', tenant, 'r1')
    await repo.holdSession('sn-c', tenant, 'r1')
    await repo.holdSession('sn-d', tenant, 'r2')
    await repo.dropReplicaSessions('r1')
    expect(await repo.sessionReplica('sn-b')).toBeUndefined()
    expect(await repo.sessionReplica('sn-c')).toBeUndefined()
    expect(await repo.sessionReplica('sn-d')).toBe('r2')
  })
})
