import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../app'
import { Keyring } from '../../lib/keyring'
import { ADMIN, loginAs } from '../../testing/test-app'
import { replicaApp, testReplicaDbs } from '../../testing/test-replicas'
import { PRINCIPAL_CACHE_MS } from './principal-cache'

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

async function twoReplicas(): Promise<[App, App]> {
  const { handles, close } = await testReplicaDbs(2)
  cleanup.push(close)
  const keyring = new Keyring(randomBytes(32))
  const apps: App[] = []
  for (const db of handles) {
    const app = await replicaApp(db, keyring)
    cleanup.push(() => app.close())
    apps.push(app)
  }
  return apps as [App, App]
}

/** Polls until `ok`, for at most `ms` (well under the caches' TTLs: only the bus can make it in time). */
async function within(ms: number, ok: () => Promise<boolean>) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await ok()) return true
    await new Promise((r) => setTimeout(r, 25))
  }
  return false
}

describe('cache invalidation across replicas', () => {
  it('a logout on one replica ends the session on the other before the principal cache expires', async () => {
    const [a, b] = await twoReplicas()
    const session = await loginAs(a, ADMIN.username, ADMIN.password)
    const me = () => b.inject({ method: 'GET', url: '/api/session', headers: session })
    expect((await me()).statusCode).toBe(200) // b now holds the principal in its cache
    expect((await a.inject({ method: 'DELETE', url: '/api/session', headers: session })).statusCode).toBe(200)
    expect(await within(PRINCIPAL_CACHE_MS / 2, async () => (await me()).statusCode === 401)).toBe(true)
  })

  it('an integration key deleted on one replica is refused by the other at once', async () => {
    const [a, b] = await twoReplicas()
    const admin = await loginAs(a, ADMIN.username, ADMIN.password)
    const created = await a.inject({
      method: 'POST',
      url: '/api/integration-keys',
      headers: admin,
      payload: { name: 'replicated' },
    })
    expect(created.statusCode).toBe(201)
    const { id, key } = created.json() as { id: string; key: string }
    const post = () => b.inject({ method: 'POST', url: `/v1/event/huawei/custom/${key}`, payload: { alarmId: 'x' } })
    expect((await post()).statusCode).toBe(400) // known key (cached on b), incomplete alarm
    expect((await a.inject({ method: 'DELETE', url: `/api/integration-keys/${id}`, headers: admin })).statusCode).toBe(
      200,
    )
    expect(await within(1500, async () => (await post()).statusCode === 401)).toBe(true)
  })
})
