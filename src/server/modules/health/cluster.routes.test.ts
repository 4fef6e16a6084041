import { describe, expect, it } from 'vitest'
import { REPLICA_ID } from '../../lib/replica-id'
import { tenantWithAdmin } from '../../testing/tenants'
import { loginAs, testApp } from '../../testing/test-app'

describe('GET /api/system/replicas', () => {
  it('lists the replicas that beat, and what each holds, to the platform admin only', async () => {
    const app = await testApp()
    const q = app.services.handle.query.bind(app.services.handle)
    const [{ tenant }] = await q<{ tenant: string }>(`SELECT id AS tenant FROM tenants WHERE name = 'default'`)
    // Two other machines: one beating with two agents, one that died holding an agent and driving a ticket.
    await q(
      `INSERT INTO job_workers (worker_id, replica_id, beat_at) VALUES ('w1', 'm2-1', now() - interval '3 seconds')`,
    )
    for (const [sn, replica] of [
      ['sn-a', 'm2-1'],
      ['sn-b', 'm2-1'],
      ['sn-c', 'm3-1'],
    ])
      await q('INSERT INTO agent_sessions (agent_sn, tenant_id, replica_id) VALUES ($1, $2, $3)', [sn, tenant, replica])
    await q(
      `INSERT INTO execution_orders (uuid, tenant_id, script_uuid, script_name, script_type, script_revision,
         script_version, risk_level, content, execute_user, timeout_sec, success_rate, status, creator_name, lease_owner)
       VALUES ('SCT-live', $1, 's', 's', 'SHELL', 1, '1', 'LOW', 'echo', 'root', 60, 100, 'PROCESSING', 'admin', 'm3-1'),
              ('SCT-done', $1, 's', 's', 'SHELL', 1, '1', 'LOW', 'echo', 'root', 60, 100, 'FINISHED', 'admin', 'm2-1')`,
      [tenant],
    )
    const res = await app.inject({ method: 'GET', url: '/api/system/replicas', headers: await loginAs(app) })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.servedBy).toBe(REPLICA_ID)
    const byId = Object.fromEntries(body.replicas.map((r: { replica: string }) => [r.replica, r]))
    expect(byId['m2-1']).toMatchObject({ agents: 2, tickets: 0, lastBeatAt: expect.any(String) })
    // Died: no beat, still listed with what it holds (its agents reconnect elsewhere, its ticket is taken over).
    expect(byId['m3-1']).toEqual({ replica: 'm3-1', lastBeatAt: null, agents: 1, tickets: 1 })
    // The shared server, as PostgreSQL itself reports it.
    const [server] = await q("SELECT current_setting('server_version') AS v, pg_postmaster_start_time() AS t")
    expect(body.database).toEqual({
      version: (server as { v: string }).v,
      startedAt: new Date((server as { t: Date }).t).toISOString(),
    })

    const { admin } = await tenantWithAdmin(app)
    expect((await app.inject({ method: 'GET', url: '/api/system/replicas', headers: admin })).statusCode).toBe(403)
    const viewer = await loginAs(app, 'viewer', 'viewer-demo-1')
    expect((await app.inject({ method: 'GET', url: '/api/system/replicas', headers: viewer })).statusCode).toBe(403)
  })
})
