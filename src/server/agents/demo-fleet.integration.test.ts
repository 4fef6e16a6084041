import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { App } from '../app'
import type { DbHandle } from '../db/client'
import { Keyring } from '../lib/keyring'
import { waitFor } from '../testing/agent-process'
import { iamToken } from '../testing/test-app'
import { testDb } from '../testing/test-db'
import { type DemoFleet, startDemoFleet } from './demo-fleet'
import { listeningApp } from '../testing/listening-app'

/**
 * Issue 13 item 9: a console restart in the middle of a ticket, with the real demo fleet. The console goes
 * away (the fleet is not stopped), one demo agent is killed while its script runs, the console comes back and
 * starts the fleet again: the live agent is adopted, the killed one respawned and follows its script from
 * its on-disk journal. The ticket finishes, every host ran exactly once, later batches run.
 */
const keyring = new Keyring(randomBytes(32))
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'oc-fleet-'))
let db: DbHandle
let app: App | undefined
let port = 0
let fleet: DemoFleet | undefined

async function startConsole() {
  const config = { agentHeartbeatSec: 0.5, agentMissedBeats: 4, executionReattachSec: 60 }
  ;({ app, port } = await listeningApp(db, keyring, config, port))
  const tenant = await app.services.identityRepo.tenantByName('default')
  fleet = await startDemoFleet({
    count: 3,
    serverUrl: `http://127.0.0.1:${port}`,
    dataDir,
    tenantId: tenant!.id,
    tokens: app.services.agentTokens,
  })
  for (const a of fleet.agents)
    await waitFor(() => app!.services.agentGateway.isConnected(a.sn), 90_000, `demo agent ${a.hostname}`)
  return app
}

afterAll(async () => {
  await fleet?.stop()
  await app?.close()
  await db?.close()
})

describe('console restart mid-ticket with the demo fleet', () => {
  it('finishes the ticket after the restart, runs no host twice, and runs the later batch', {
    timeout: 300_000,
  }, async () => {
    db = await testDb()
    let console1 = await startConsole()
    const first = fleet!.agents.map((a) => a.pid)
    const headers = { 'x-auth-token': await iamToken(console1, 'admin', 'admin-test-pw') }
    const marker = path.join(mkdtempSync(path.join(os.tmpdir(), 'oc-fleet-marker-')), 'runs')
    const sc = await console1.inject({
      method: 'POST',
      url: '/v1/job/scripts',
      headers,
      payload: {
        name: 'restart_mid_ticket',
        type: 'SHELL',
        description: 'x',
        content: 'echo "$(hostname)" >> "${marker}"; sleep 4; echo "done ${a}"',
        properties: { risk_level: 'LOW', version: '1' },
        script_params: [
          { param_name: 'marker', param_value: marker, param_description: '', param_order: 1, sensitive: false },
          { param_name: 'a', param_value: 'k1', param_description: '', param_order: 2, sensitive: false },
        ],
      },
    })
    expect(sc.statusCode, sc.body).toBe(200)
    const hosts = await db.query<{ resource_id: string; agent_sn: string; inner_ip: string }>(
      'select resource_id, agent_sn, inner_ip from cmdb_hosts order by name',
    )
    // Each demo host has its own address (the job API addresses hosts by cloud area + IP).
    expect(hosts.map((h) => h.inner_ip)).toEqual(['127.10.0.1', '127.10.0.2', '127.10.0.3'])
    const target = (i: number) => ({ resource_id: hosts[i]!.resource_id, region_id: 'local' })
    const run = await console1.inject({
      method: 'POST',
      url: `/v1/job/scripts/${sc.json().data}`,
      headers,
      payload: {
        execute_param: { timeout: 120, execute_user: 'root', success_rate: 100 },
        execute_batches: [
          { batch_index: 1, rotation_strategy: 'CONTINUE', target_instances: [target(0), target(1)] },
          { batch_index: 2, rotation_strategy: 'CONTINUE', target_instances: [target(2)] },
        ],
      },
    })
    expect(run.statusCode, run.body).toBe(200)
    const uuid = run.json().data as string
    const instances = async (batch: number) =>
      (
        await app!.inject({ method: 'GET', url: `/v1/job/script/orders/${uuid}/batches/${batch}?limit=50`, headers })
      ).json().data.execute_instances as { status: string; message: string }[]
    await waitFor(async () => (await instances(1)).every((i) => i.status === 'PROCESSING'), 30_000, 'batch 1 running')
    await new Promise((r) => setTimeout(r, 500))

    // The console stops (the fleet is left running), and demo-host-01's agent dies while its script runs.
    await console1.close()
    app = undefined
    process.kill(first[0]!, 'SIGKILL')
    await new Promise((r) => setTimeout(r, 1000))

    console1 = await startConsole()
    expect(fleet!.agents.map((a) => a.adopted)).toEqual([false, true, true])
    expect(fleet!.agents[1]!.pid).toBe(first[1])
    const status = async () =>
      (await console1.inject({ method: 'GET', url: `/v1/job/script/orders/${uuid}`, headers })).json().data.status
    await waitFor(async () => ['FINISHED', 'ABNORMAL'].includes(await status()), 120_000, 'ticket settled')
    const all = [...(await instances(1)), ...(await instances(2))]
    expect(all.map((i) => [i.status, i.message])).toEqual([
      ['FINISHED', 'done k1\n'],
      ['FINISHED', 'done k1\n'],
      ['FINISHED', 'done k1\n'],
    ])
    expect(await status()).toBe('FINISHED')
    // Each host ran once: batch 1 across the restart (one of them on a respawned agent), batch 2 after it.
    expect(readFileSync(marker, 'utf8').trim().split('\n').sort()).toEqual([
      os.hostname(),
      os.hostname(),
      os.hostname(),
    ])
  })
})
