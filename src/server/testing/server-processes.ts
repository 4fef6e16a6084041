import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { AgentTokensService } from '../agents/agent-tokens.service'
import { AgentsRepository } from '../agents/agents.repository'
import type { DbHandle } from '../db/client'
import { AuditService } from '../modules/audit/audit.service'
import { AuditRepository } from '../modules/audit/audit.repository'
import { waitFor } from './agent-process'

/**
 * Consoles as separate `npm run server` processes (`src/server/main.ts`) over one PostgreSQL server, as on
 * several machines: the chaos and load-balancer tests start, probe and kill them with these.
 */
const ROOT = path.resolve(__dirname, '../../..')
const MAIN = path.join(ROOT, 'src/server/main.ts')

export interface ServerProcess {
  name: string
  port: number
  /** The `npm run server` primary (WORKERS=1): it forks the one replica process that serves. */
  child: ChildProcess
  logs: string[]
  /** The serving replica's id and pid, from /healthz. */
  id?: string
  pid?: number
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

/** One console on 127.0.0.1:`port` with one replica, no demo data or fleet; `env` adds to or overrides it. */
export function startServer(name: string, port: number, env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      WORKERS: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), `oc-${name}-`)),
      DEMO_SEED: '0',
      DEMO_AGENTS: '0',
      STATIC_DIR: '',
      PATCH_SCAN_INTERVAL_MIN: '0',
      ...env,
    },
  })
  const logs: string[] = []
  child.stdout!.on('data', (d: Buffer) => logs.push(d.toString()))
  child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()))
  return { name, port, child, logs }
}

/** Waits until the server answers /healthz and records which replica (id, pid) serves it. */
export const healthy = (r: ServerProcess) =>
  waitFor(
    async () => {
      if (r.child.exitCode !== null) throw new Error(`server ${r.name} exited: ${r.logs.join('')}`)
      const res = await fetch(`http://127.0.0.1:${r.port}/healthz`).catch(() => undefined)
      if (!res?.ok) return false
      const h = (await res.json()) as { replica: string; pid: number }
      r.id = h.replica
      r.pid = h.pid
      return true
    },
    120_000,
    `server ${r.name} healthy`,
  ).catch((err) => {
    throw new Error(`${err.message}; its log: ${r.logs.join('').slice(-3000)}`)
  })

const killPid = (pid: number | undefined) => {
  try {
    if (pid) process.kill(pid, 'SIGKILL')
  } catch {}
}

/** kill -9 of the serving replica, and of its primary first so it is not restarted (a machine that died). */
export function killServer(r: ServerProcess) {
  r.child.kill('SIGKILL')
  killPid(r.pid)
}

/** A PostgreSQL URL naming another database on the same server. */
export function databaseUrl(serverUrl: string, dbName: string) {
  const u = new URL(serverUrl)
  u.pathname = `/${dbName}`
  return u.toString()
}

/** An agent token of the default tenant, as an admin would create it for a fleet. */
export async function defaultTenantAgentToken(handle: DbHandle, description: string) {
  const [tenant] = await handle.query<{ id: string }>("select id from tenants where name = 'default'")
  const { token } = await new AgentTokensService(
    handle.db,
    new AgentsRepository(handle.db),
    new AuditService(new AuditRepository(handle.db)),
  ).create({ userId: null, username: description, tenantId: tenant!.id }, { description })
  return token
}

/** `count` real agents (`bench/agent-pool.ts`: each its own WebSocket, agent_sn and journal) in one process. */
export function startAgentPool(server: string, token: string, prefix: string, count: number) {
  return spawn(process.execPath, ['--import', 'tsx', 'bench/agent-pool.ts', server, token, prefix, String(count)], {
    cwd: ROOT,
    stdio: 'ignore',
  })
}

/** Headers of an admin's COC API token (`POST /v3/auth/tokens`, IAM's password method). */
export async function cocHeaders(baseUrl: string, user: string, password: string) {
  const res = await fetch(`${baseUrl}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: user, password, domain: { name: 'default' } } } },
        scope: { project: { name: 'default' } },
      },
    }),
  })
  if (res.status !== 201) throw new Error(`token for ${user}: ${res.status} ${await res.text()}`)
  return { 'x-auth-token': res.headers.get('x-subject-token')!, 'content-type': 'application/json' }
}

/**
 * A ticket's event stream read as EventSource reads it: frames of `id:` and `data:` lines; when a stream
 * ends (its replica died), it reconnects to the next address with the last id seen as Last-Event-ID.
 */
export function followTicket(urls: string[], uuid: string, headers: Record<string, string>) {
  const events: { type: string; status?: string }[] = []
  const resumedWith: string[] = []
  const ctrl = new AbortController()
  let lastId = ''
  void (async () => {
    for (let attempt = 0; !ctrl.signal.aborted; attempt++) {
      const url = urls[Math.min(attempt, urls.length - 1)]!
      if (lastId) resumedWith.push(lastId)
      try {
        const res = await fetch(`${url}/api/executions/${uuid}/events`, {
          headers: { ...headers, ...(lastId ? { 'last-event-id': lastId } : {}) },
          signal: ctrl.signal,
        })
        const decoder = new TextDecoder()
        let buf = ''
        for await (const chunk of res.body!) {
          buf += decoder.decode(chunk as Uint8Array, { stream: true })
          for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
            const lines = buf.slice(0, i).split('\n')
            buf = buf.slice(i + 2)
            const id = lines.find((l) => l.startsWith('id: '))
            if (id) lastId = id.slice(4)
            const data = lines
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n')
            if (data) events.push(JSON.parse(data))
          }
        }
      } catch {
        // the replica died mid-stream or refused the connection: try the next one, as the browser would
      }
      await new Promise((r) => setTimeout(r, 500))
    }
  })()
  return { events, resumedWith, stop: () => ctrl.abort() }
}
