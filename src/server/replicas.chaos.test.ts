import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { fromPgPool } from './db/client'
import { waitFor } from './testing/agent-process'
import {
  cocHeaders,
  databaseUrl as dbUrlOf,
  defaultTenantAgentToken,
  followTicket,
  freePort,
  healthy,
  killServer,
  type ServerProcess,
  startAgentPool,
  startServer,
} from './testing/server-processes'

/**
 * Chaos: three replicas (separate `src/server/main.ts` processes) over one PostgreSQL, 30 real agents behind
 * a TCP balancer (as HAProxy would spread them), a 6-batch ticket whose script sleeps and appends one line
 * to a per-host marker file (named after the run's private directory, which the script prints in the host's
 * log, so the test maps every marker back to its host).
 * The agents are real `AgentClient`s (own WebSocket, agent_sn, journal; each command a child process), five
 * per Node process (`bench/agent-pool.ts`), so 30 of them start in seconds on a small CI machine. The replica driving the ticket is killed with SIGKILL mid-batch, then another
 * one holding agents. The ticket must still finish, every host must have run exactly once, an SSE client on
 * the surviving replica must see the end, and every alarm answered 200 during the kills must be stored.
 */
/** The run's PostgreSQL server (TEST_DATABASE_URL, or the embedded one pg-global-setup.ts starts). */
const URL_ = inject('testDatabaseUrl')
const AGENTS = 30
const PER_POOL = 5
const BATCHES = 6
const ADMIN = { user: 'admin', password: 'chaos-admin-pw' }
const INTEGRATION_KEY = `chaos-${randomBytes(8).toString('hex')}`
const SECRET = randomBytes(32).toString('hex')
type Replica = ServerProcess

/** A round-robin TCP balancer that skips backends refusing connections (a dead replica). */
function balancer(ports: number[]) {
  let next = 0
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => {})
    let tries = 0
    const attempt = () => {
      const port = ports[next++ % ports.length]!
      const up = net.connect(port, '127.0.0.1')
      let connected = false
      up.once('connect', () => {
        connected = true
        client.pipe(up)
        up.pipe(client)
      })
      up.on('error', () => {
        if (connected || ++tries >= ports.length * 2) client.destroy()
        else attempt()
      })
      up.on('close', () => connected && client.destroy())
      client.once('close', () => up.destroy())
    }
    attempt()
  })
  return {
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
      ),
    close: () => {
      for (const s of sockets) s.destroy()
      server.close()
    },
  }
}

describe('replicas under chaos (real PostgreSQL)', () => {
  const replicas: Replica[] = []
  const pools: ChildProcess[] = []
  let lb: ReturnType<typeof balancer> | undefined
  let admin: pg.Pool | undefined
  let pool: pg.Pool | undefined
  const dbName = `oc_test_chaos_${randomBytes(4).toString('hex')}`

  afterAll(async () => {
    lb?.close()
    for (const p of pools) p.kill('SIGTERM')
    for (const r of replicas) killServer(r)
    await pool?.end()
    await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {})
    await admin?.end()
  })

  function startReplica(name: string, port: number, databaseUrl: string): Replica {
    const r = startServer(name, port, {
      DATABASE_URL: databaseUrl,
      CONSOLE_SECRET_KEY: SECRET,
      CONSOLE_ADMIN: `${ADMIN.user}:${ADMIN.password}`,
      CONSOLE_INTEGRATION_KEY: INTEGRATION_KEY,
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
      EXECUTION_LEASE_SEC: '3',
      EXECUTION_REATTACH_SEC: '40',
      AGENT_HEARTBEAT_SEC: '1',
      AGENT_MISSED_BEATS: '3',
    })
    replicas.push(r)
    return r
  }

  it('loses nothing and runs nothing twice when the driving replica and an agent-holding one are killed', async () => {
    admin = new pg.Pool({ connectionString: URL_, max: 1 })
    await admin.query(`CREATE DATABASE ${dbName}`)
    const databaseUrl = dbUrlOf(URL_!, dbName)
    const ports = [await freePort(), await freePort(), await freePort()]
    // The first replica migrates and bootstraps alone; the others then start against a ready database.
    const [a] = [startReplica('chaos-a', ports[0]!, databaseUrl)]
    await healthy(a!)
    const b = startReplica('chaos-b', ports[1]!, databaseUrl)
    const c = startReplica('chaos-c', ports[2]!, databaseUrl)
    await Promise.all([healthy(b), healthy(c)])

    pool = new pg.Pool({ connectionString: databaseUrl, max: 3 })
    const handle = fromPgPool(pool)
    const token = await defaultTenantAgentToken(handle, 'chaos')
    lb = balancer(ports)
    const lbPort = await lb.listen()
    const markers = mkdtempSync(path.join(os.tmpdir(), 'oc-chaos-markers-'))
    for (let p = 0; p < AGENTS / PER_POOL; p++)
      pools.push(startAgentPool(`http://127.0.0.1:${lbPort}`, token, `chaos${p}x`, PER_POOL))
    const online = async () =>
      Number(
        (await handle.query<{ n: string }>("select count(*) n from cmdb_hosts where agent_status = 'online'"))[0]!.n,
      )
    await waitFor(async () => (await online()) === AGENTS, 120_000, 'all agents online')
    const sns = (await handle.query<{ agent_sn: string }>('select agent_sn from cmdb_hosts order by agent_sn')).map(
      (h) => h.agent_sn,
    )
    const holders = await handle.query<{ replica_id: string; n: string }>(
      'select replica_id, count(*) n from agent_sessions group by 1',
    )
    expect(holders.length).toBe(3) // the balancer spread the agents over every replica

    const api = (r: Replica) => `http://127.0.0.1:${r.port}`
    const headers = await cocHeaders(api(a!), ADMIN.user, ADMIN.password)
    const created = await fetch(`${api(a!)}/v1/job/scripts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'chaos_marker',
        type: 'SHELL',
        description: 'chaos',
        content: 'm=$(basename "$PWD"); echo "marker $m"; sleep 1.5; echo "ran" >> "$1/$m"; sleep 0.5',
        properties: { risk_level: 'LOW', version: '1' },
        script_params: [
          { param_name: 'dir', param_value: markers, param_description: '', sensitive: false, param_order: 1 },
        ],
      }),
    })
    expect(created.status, await created.clone().text()).toBe(200)
    const scriptUuid = ((await created.json()) as { data: string }).data
    const hosts = await handle.query<{ resource_id: string; agent_sn: string }>(
      'select resource_id, agent_sn from cmdb_hosts where agent_sn = any($1) order by agent_sn',
      [sns],
    )
    const per = AGENTS / BATCHES
    const executed = await fetch(`${api(a!)}/v1/job/scripts/${scriptUuid}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        execute_param: { timeout: 60, execute_user: 'root', success_rate: 100 },
        execute_batches: Array.from({ length: BATCHES }, (_, i) => ({
          batch_index: i + 1,
          rotation_strategy: 'CONTINUE',
          target_instances: hosts.slice(i * per, (i + 1) * per).map((h) => ({
            resource_id: h.resource_id,
            agent_sn: h.agent_sn,
            region_id: 'local',
          })),
        })),
      }),
    })
    expect(executed.status, await executed.clone().text()).toBe(200)
    const uuid = ((await executed.json()) as { data: string }).data

    // Two SSE clients: one on the replica that survives, and one on the driver (killed below) that reconnects
    // to a survivor with Last-Event-ID, as a browser does. Both must hear the end, whoever drives the ticket then.
    const steady = followTicket([api(c)], uuid, headers)
    const resumer = followTicket([api(a!), api(c)], uuid, headers)

    const lease = async () =>
      (
        await handle.query<{ lease_owner: string | null; current_batch: number; status: string }>(
          'select lease_owner, current_batch, status from execution_orders where uuid = $1',
          [uuid],
        )
      )[0]!
    // The replica that took the request drives the ticket (it claims the lease right after the commit).
    expect(await waitFor(async () => (await lease()).lease_owner, 10_000, 'lease taken')).toBe(a!.id)

    // Alarms posted to every replica all through the kills; those answered 200 must all be stored.
    const accepted: string[] = []
    let posting = true
    let seq = 0
    const poster = (async () => {
      while (posting) {
        const r = replicas[seq % 3]!
        const alarmId = `chaos-alarm-${seq++}`
        const res = await fetch(`${api(r)}/v1/event/huawei/custom/${INTEGRATION_KEY}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            alarmId,
            alarmName: 'chaos',
            alarmLevel: 'Major',
            time: Date.now(),
            nameSpace: 'chaos',
            regionId: 'local',
            applicationId: 'chaos-app',
            resourceName: 'chaos',
            resourceId: 'chaos',
            alarmDesc: 'posted during the kills',
            alarmStatus: 'alarm',
            alarmSource: 'chaos',
            additional: {},
          }),
          signal: AbortSignal.timeout(5000),
        }).catch(() => undefined)
        if (res?.status === 200) accepted.push(alarmId)
        await new Promise((r) => setTimeout(r, 20))
      }
    })()

    // Mid-batch 2: the driver dies; a moment later a replica holding agents (maybe taking over) dies too.
    await waitFor(async () => (await lease()).current_batch >= 2, 60_000, 'batch 2 running')
    await new Promise((r) => setTimeout(r, 500))
    killServer(a!)
    await new Promise((r) => setTimeout(r, 1500))
    killServer(b)
    await new Promise((r) => setTimeout(r, 3000))
    posting = false
    await poster

    await waitFor(async () => (await lease()).status === 'FINISHED', 90_000, 'ticket FINISHED')
    expect((await lease()).lease_owner).toBe(c.id)
    // Every host ran once: one attempt each, the marker its log names holds one line, and no other run left one.
    const runs = await handle.query<{ agent_sn: string; attempt: number; log: string }>(
      'select i.agent_sn, i.attempt, i.log from execution_instances i join execution_orders o on o.id = i.order_id where o.uuid = $1',
      [uuid],
    )
    expect(runs.map((r) => r.agent_sn).sort()).toEqual(sns)
    for (const r of runs) {
      expect(r.attempt, `${r.agent_sn} planned once`).toBe(1)
      const name = /^marker (\S+)$/m.exec(r.log)?.[1]
      expect(name, `${r.agent_sn} log names its marker: ${r.log}`).toBeTruthy()
      const file = path.join(markers, name!)
      expect(existsSync(file), `${r.agent_sn} ran`).toBe(true)
      expect(readFileSync(file, 'utf8'), `${r.agent_sn} ran once`).toBe('ran\n')
    }
    expect(readdirSync(markers)).toHaveLength(AGENTS)
    const states = await handle.query<{ status: string; n: string }>(
      'select i.status, count(*) n from execution_instances i join execution_orders o on o.id = i.order_id where o.uuid = $1 group by 1',
      [uuid],
    )
    expect(states).toEqual([{ status: 'FINISHED', n: String(AGENTS) }])
    for (const client of [steady, resumer]) {
      await waitFor(() => client.events.some((e) => e.type === 'ticket' && e.status === 'FINISHED'), 10_000, 'SSE end')
      client.stop()
    }
    expect(resumer.resumedWith.length, "the killed replica's client reconnected").toBeGreaterThan(0)

    expect(accepted.length).toBeGreaterThan(10)
    // An answer means the call is in the inbox; the surviving replica folds what the killed ones accepted.
    const stored = async () =>
      (
        await handle.query<{ alarm_id: string }>('select alarm_id from alarms where alarm_id = any($1)', [accepted])
      ).map((s) => s.alarm_id)
    await waitFor(async () => (await stored()).length >= accepted.length, 15_000, 'accepted alarms folded')
    expect((await stored()).sort()).toEqual([...accepted].sort())
    expect(await handle.query('select id from alarm_inbox')).toEqual([])
  }, 330_000)
})
