import type { ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { type OrderStatus, TERMINAL_ORDER } from '../contract/execution-rules'
import type { ClusterStatus } from '../contract/system'
import { type DbHandle, fromPgPool } from './db/client'
import { waitFor } from './testing/agent-process'
import { localSnippet, type Nginx, readmeNginxSnippet, startNginx } from './testing/nginx'
import { MANUAL_INCIDENT } from './testing/incident-fixtures'
import { followLive } from './testing/sse-client'
import {
  cocHeaders,
  databaseUrl,
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
 * The README's "Several machines" set-up, run: three `npm run server` consoles (each with a DATA_DIR of its
 * own, as on three machines) over one PostgreSQL server, behind nginx configured with the README's snippet
 * itself. Through nginx: requests reach every replica; a 3 MiB upload passes (nginx's default body limit is
 * 1 MiB); agents' WebSockets spread over the replicas, as the replica view shows; a file push to them finishes
 * (each agent downloads the file from whichever replica nginx picks) and an SSE client sees it end; the live
 * incident stream carries an incident created through nginx; after one machine is killed with SIGKILL, every
 * request still answers, its agents come back through nginx and a second push finishes.
 */
const URL_ = inject('testDatabaseUrl')
const ADMIN = { user: 'admin', password: 'lb-admin-pw-1' }
const SECRET = randomBytes(32).toString('hex')
const AGENTS = 3

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

describe('three machines behind nginx, configured as the README says', () => {
  const servers: ServerProcess[] = []
  let agents: ChildProcess | undefined
  let nginx: Nginx | undefined
  let admin: pg.Pool | undefined
  let handle: DbHandle | undefined
  const dbName = `oc_test_lb_${randomBytes(4).toString('hex')}`

  afterAll(async () => {
    nginx?.stop()
    agents?.kill('SIGTERM')
    for (const s of servers) killServer(s)
    await handle?.close()
    await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {})
    await admin?.end()
  })

  it('serves every route, WebSocket and SSE through nginx, and keeps serving when one machine dies', async () => {
    admin = new pg.Pool({ connectionString: URL_, max: 1 })
    await admin.query(`CREATE DATABASE ${dbName}`)
    const url = databaseUrl(URL_!, dbName)
    const start = (name: string, port: number) => {
      const s = startServer(name, port, {
        DATABASE_URL: url,
        CONSOLE_SECRET_KEY: SECRET,
        CONSOLE_ADMIN: `${ADMIN.user}:${ADMIN.password}`,
        TRUST_PROXY: '1',
        LOG_LEVEL: 'warn',
        AGENT_HEARTBEAT_SEC: '1',
        AGENT_MISSED_BEATS: '3',
      })
      servers.push(s)
      return s
    }
    const ports = [await freePort(), await freePort(), await freePort()]
    const a = start('lb-a', ports[0]!)
    await healthy(a) // the first one migrates and bootstraps; the others start against a ready database
    const [b, c] = [start('lb-b', ports[1]!), start('lb-c', ports[2]!)]
    await Promise.all([healthy(b), healthy(c)])

    const lbPort = await freePort()
    nginx = await startNginx(localSnippet(readmeNginxSnippet(), ports, lbPort), lbPort)
    const lb = `http://127.0.0.1:${lbPort}`

    const replicasAnswering = async (n: number) => {
      const seen = new Set<string>()
      for (let i = 0; i < n; i++) {
        const res = await fetch(`${lb}/healthz`)
        expect(res.status).toBe(200)
        seen.add(((await res.json()) as { replica: string }).replica)
      }
      return seen
    }
    expect(await replicasAnswering(12)).toEqual(new Set([a.id, b.id, c.id]))

    const headers = await cocHeaders(lb, ADMIN.user, ADMIN.password)
    const bytes = randomBytes(3 * 1024 * 1024)
    const up = await fetch(`${lb}/api/files?name=app.conf`, {
      method: 'PUT',
      headers: { 'x-auth-token': headers['x-auth-token'], 'content-type': 'application/octet-stream' },
      body: bytes,
    })
    expect(up.status, await up.clone().text()).toBe(201)
    const file = (await up.json()) as { id: string; sha256: string }
    expect(file.sha256).toBe(sha256(bytes))

    handle = fromPgPool(new pg.Pool({ connectionString: url, max: 2 }))
    const token = await defaultTenantAgentToken(handle, 'lb')
    agents = startAgentPool(lb, token, 'lb', AGENTS)
    const sessions = async () =>
      await handle!.query<{ agent_sn: string; replica_id: string }>('select agent_sn, replica_id from agent_sessions')
    await waitFor(async () => (await sessions()).length === AGENTS, 60_000, 'agents connected through nginx')
    // nginx round-robins the upgrades as it does any request.
    expect(new Set((await sessions()).map((s) => s.replica_id)).size).toBeGreaterThan(1)
    // The platform admin's replica view, through nginx: the three machines beating, the agents spread over them.
    const cluster = (await (await fetch(`${lb}/api/system/replicas`, { headers })).json()) as ClusterStatus
    expect(new Set(cluster.replicas.map((r) => r.replica))).toEqual(new Set([a.id, b.id, c.id]))
    expect(cluster.replicas.every((r) => r.lastBeatAt !== null)).toBe(true)
    expect(cluster.replicas.reduce((n, r) => n + r.agents, 0)).toBe(AGENTS)
    const hosts = await handle.query<{ resource_id: string }>(
      "select resource_id from cmdb_hosts where agent_sn like 'lb%' order by agent_sn",
    )
    expect(hosts).toHaveLength(AGENTS)

    const target = mkdtempSync(path.join(os.tmpdir(), 'oc-lb-push-'))
    const push = async () => {
      const res = await fetch(`${lb}/api/files/push`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          fileIds: [file.id],
          targetDir: target,
          resourceIds: hosts.map((h) => h.resource_id),
          timeout: 60,
        }),
      })
      expect(res.status, await res.clone().text()).toBe(201)
      const { executeUuid } = (await res.json()) as { executeUuid: string }
      const stream = followTicket([lb], executeUuid, headers)
      try {
        await waitFor(
          () => stream.events.some((e) => e.type === 'ticket' && TERMINAL_ORDER.includes(e.status as OrderStatus)),
          90_000,
          'the end of the push on the SSE stream through nginx',
        )
        expect(stream.events.filter((e) => e.type === 'ticket').at(-1)?.status).toBe('FINISHED')
      } finally {
        stream.stop()
      }
      const states = await handle!.query<{ status: string; n: string }>(
        `select i.status, count(*) n from execution_instances i join execution_orders o on o.id = i.order_id
         where o.uuid = $1 group by 1`,
        [executeUuid],
      )
      expect(states).toEqual([{ status: 'FINISHED', n: String(AGENTS) }])
      expect(sha256(readFileSync(path.join(target, 'app.conf')))).toBe(file.sha256)
    }
    await push()

    // The live incident stream through nginx: an incident created through nginx (on whichever replica) arrives.
    const live = followLive(lb, headers)
    await waitFor(() => live.events.length > 0, 10_000, 'the live stream open through nginx')
    const created = await fetch(`${lb}/v1/external/incident/create`, {
      method: 'POST',
      headers,
      body: JSON.stringify(MANUAL_INCIDENT),
    })
    expect(created.status, await created.clone().text()).toBe(200)
    const num = ((await created.json()) as { data: { incident_num: string } }).data.incident_num
    await waitFor(
      () => live.events.some((e) => e.type === 'incident' && e.incidentNums.includes(num)),
      10_000,
      'the incident event through nginx',
    )
    live.stop()

    // One machine dies: nginx passes its requests to the others, and its agents reconnect through nginx.
    const dead = (await sessions()).find((s) => s.replica_id !== a.id)?.replica_id === b.id ? b : c
    killServer(dead)
    const alive = new Set(servers.filter((s) => s !== dead).map((s) => s.id))
    const after = await replicasAnswering(12)
    expect([...after].every((id) => alive.has(id))).toBe(true)
    await waitFor(
      async () => {
        const now = await sessions()
        return now.length === AGENTS && now.every((s) => alive.has(s.replica_id))
      },
      60_000,
      "the dead machine's agents back through nginx",
    )
    await push()
  }, 240_000)
})
