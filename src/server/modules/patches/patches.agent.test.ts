import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../app'
import type { DbHandle } from '../../db/client'
import { Keyring } from '../../lib/keyring'
import { type AgentProcess, spawnAgent, waitFor } from '../../testing/agent-process'
import { testDb } from '../../testing/test-db'
import { loginAs } from '../../testing/test-app'
import { enrollmentToken, listeningApp } from '../../testing/listening-app'

/** A scan order end to end: console → gateway → a real agent scanning this machine → report and items. */
let db: DbHandle
let app: App
let agent: AgentProcess
const SN = `pt${randomBytes(8).toString('hex')}`

beforeAll(async () => {
  db = await testDb()
  const config = { demoSeed: true, agentHeartbeatSec: 0.5, agentMissedBeats: 3 }
  let port: number
  ;({ app, port } = await listeningApp(db, new Keyring(randomBytes(32)), config))
  const { token } = await enrollmentToken(app, 'patch it')
  agent = spawnAgent({ server: `http://127.0.0.1:${port}`, token, sn: SN, hostname: 'patch-host-1' })
  await waitFor(() => app.services.agentGateway.isConnected(SN), 30_000, 'agent registration')
}, 60_000)

afterAll(async () => {
  await agent?.stop()
  await app?.close()
  await db?.close()
})

describe('patch scan through a real agent', () => {
  it('stores a compliance report of this machine with its packages', async () => {
    const op = await loginAs(app, 'operator', 'operator-demo-1')
    const started = await app.inject({ method: 'POST', url: '/api/patch-scans', headers: op, payload: {} })
    expect(started.statusCode).toBe(201)
    expect(started.json().total).toBe(1)
    await app.services.patchScans.idle()
    const [order] = (await app.inject({ method: 'GET', url: '/api/patch-scans', headers: op })).json()
    expect(order).toMatchObject({ status: 'finished', succeeded: 1, failed: 0 })

    const list = (await app.inject({ method: 'GET', url: '/v1/patch/instance/compliant', headers: op })).json()
    expect(list.count).toBe(1)
    const report = list.instance_compliant[0]
    expect(report).toMatchObject({ name: 'patch-host-1', execution_summary: { order_id: order.id } })
    expect(report.baseline_name).toMatch(/^COC-\w+DefaultPatchBaseline$/)
    const items = (
      await app.inject({ method: 'GET', url: `/v1/patch/instance/compliant/${report.id}?limit=100`, headers: op })
    ).json()
    expect(items.count).toBe(
      report.compliant_summary.compliant_count + report.non_compliant_summary.non_compliant_count,
    )
    expect(items.count).toBeGreaterThan(50)
  }, 120_000)
})
