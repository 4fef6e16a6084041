import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../app'
import type { DbHandle } from '../../db/client'
import { Keyring } from '../../lib/keyring'
import { type AgentProcess, spawnAgent, waitFor } from '../../testing/agent-process'
import { testDb } from '../../testing/test-db'
import { loginAs } from '../../testing/test-app'
import { enrollmentToken, listeningApp } from '../../testing/listening-app'
import { seedDemoScripts } from '../scripts/demo-scripts'
import { OLD_SECURITY_UPDATE, scanOf, target } from './patches.test-fixtures'

/** A scan order end to end: console → gateway → a real agent scanning this machine → report and items. */
let db: DbHandle
let app: App
let agent: AgentProcess
const SN = `pt${randomBytes(8).toString('hex')}`
// Where patch_install records updates instead of running apt on this machine (as on the demo fleet).
const PATCHED = path.join(mkdtempSync(path.join(os.tmpdir(), 'oc-patched-')), 'demo-patched.txt')

beforeAll(async () => {
  db = await testDb()
  const config = { demoSeed: true, agentHeartbeatSec: 0.5, agentMissedBeats: 3 }
  let port: number
  ;({ app, port } = await listeningApp(db, new Keyring(randomBytes(32)), config))
  const { token } = await enrollmentToken(app, 'patch it')
  agent = spawnAgent({
    server: `http://127.0.0.1:${port}`,
    token,
    sn: SN,
    hostname: 'patch-host-1',
    env: { OC_DEMO_PATCH_FILE: PATCHED },
  })
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

  it('Patch now installs the missing required patches of a non-compliant host as a ticket', async () => {
    const tenantId = (await app.services.identityRepo.tenantByName('default'))!.id
    const [host] = await db.query<{ resource_id: string }>('select resource_id from cmdb_hosts where agent_sn = $1', [
      SN,
    ])
    // The demo library (as `npm start` seeds it) holds the reviewed patch_install script.
    const admin = await app.services.identityRepo.userByName('admin')
    await seedDemoScripts(app.services.db, app.services.scriptsRepo, tenantId, admin!)
    // The host's report says openssl (critical, required) is missing.
    await app.services.patches.ingest(
      tenantId,
      target(1, { instance_id: host!.resource_id, name: 'patch-host-1' }),
      scanOf([{}, OLD_SECURITY_UPDATE]),
      { orderId: 'PSO9', jobId: 'PSJ9-1' },
    )
    const op = await loginAs(app, 'operator', 'operator-demo-1')
    const viewer = await loginAs(app, 'viewer', 'viewer-demo-1')
    const refused = await app.inject({
      method: 'POST',
      url: '/api/patch-compliance/patch-now',
      headers: viewer,
      payload: { instance_ids: [host!.resource_id] },
    })
    expect(refused.statusCode).toBe(403)
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/patch-compliance/patch-now',
      headers: op,
      payload: { instance_ids: ['no-such-host'] },
    })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.message).toContain('no-such-host has no compliance report')

    const res = await app.inject({
      method: 'POST',
      url: '/api/patch-compliance/patch-now',
      headers: op,
      payload: { instance_ids: [host!.resource_id] },
    })
    expect(res.statusCode, res.body).toBe(201)
    const { executeUuid, packages, hosts } = res.json()
    expect(packages).toEqual(['openssl'])
    expect(hosts).toBe(1)
    await waitFor(
      async () =>
        (await app.inject({ method: 'GET', url: `/api/executions/${executeUuid}`, headers: op })).json().status ===
        'FINISHED',
      30_000,
      'patch ticket finished',
    )
    const ticket = (await app.inject({ method: 'GET', url: `/api/executions/${executeUuid}`, headers: op })).json()
    expect(ticket.scriptName).toBe('patch_install')
    // The script ran on the host's agent with the package list by name.
    expect(readFileSync(PATCHED, 'utf8').trim().split('\n')).toEqual(['openssl'])
  }, 60_000)
})
