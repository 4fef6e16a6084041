import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { AGENT_WS_PATH, OUTPUT_CAP_BYTES } from '../../contract/agents'
import type { App } from '../app'
import type { DbHandle } from '../db/client'
import { Keyring } from '../lib/keyring'
import { type AgentProcess, spawnAgent, waitFor } from '../testing/agent-process'
import { testDb } from '../testing/test-db'
import type { CommandHandle } from './gateway'
import { enrollmentToken, listeningApp } from '../testing/listening-app'

/** Agent ↔ gateway with a real agent process over a real socket: the BFF listens on a port and is restarted once. */
const keyring = new Keyring(randomBytes(32))
const SN = `it${randomBytes(8).toString('hex')}`
let db: DbHandle
let app: App
let port = 0
let token: string
let agent: AgentProcess

async function start() {
  ;({ app, port } = await listeningApp(db, keyring, { agentHeartbeatSec: 0.2, agentMissedBeats: 3 }, port))
}

async function hostRow() {
  const [row] = await db.query<{ id: number; agent_status: string; last_seen_at: Date; module_id: number }>(
    'select id, agent_status, last_seen_at, module_id from cmdb_hosts where agent_sn = $1',
    [SN],
  )
  return row
}

async function collect(handle: CommandHandle) {
  let stdout = ''
  let stderr = ''
  for await (const c of handle.output) {
    if (c.stream === 'stdout') stdout += c.data
    else stderr += c.data
  }
  return { stdout, stderr, exit: await handle.exit }
}

const run = (script: string, extra: Partial<Parameters<App['services']['agentGateway']['runCommand']>[1]> = {}) =>
  app.services.agentGateway.runCommand(SN, { type: 'SHELL', script, timeoutSec: 10, ...extra })

beforeAll(async () => {
  db = await testDb()
  await start()
  ;({ token } = await enrollmentToken(app))
  agent = spawnAgent({ server: `http://127.0.0.1:${port}`, token, sn: SN, hostname: 'it-host-1' })
  await waitFor(() => app.services.agentGateway.isConnected(SN), 30_000, 'agent registration')
}, 60_000)

afterAll(async () => {
  await agent?.stop()
  await app?.close()
  await db?.close()
})

describe('agent ↔ gateway (real agent process)', () => {
  it('registers the agent as an ONLINE host in the idle module of the default business', async () => {
    const host = await hostRow()
    expect(host.agent_status).toBe('online')
    const [mod] = await db.query<{ kind: string; is_default: boolean }>(
      'select m.kind, b.is_default from cmdb_modules m join cmdb_businesses b on b.id = m.biz_id where m.id = $1',
      [host.module_id],
    )
    expect(mod).toEqual({ kind: 'idle', is_default: true })
    const [named] = await db.query<{ name: string; inner_ip: string }>(
      'select name, inner_ip from cmdb_hosts where agent_sn = $1',
      [SN],
    )
    expect(named.name).toBe('it-host-1')
    expect(named.inner_ip).not.toBe('')
  })

  it('records heartbeats: last_seen_at keeps advancing', async () => {
    const first = (await hostRow()).last_seen_at.getTime()
    await waitFor(async () => (await hostRow()).last_seen_at.getTime() > first, 5000, 'a newer heartbeat')
  })

  it('runs a shell script with params, streams stdout and stderr, and reports the exit code', async () => {
    const r = await collect(await run('echo "hello $1"; echo oops >&2; exit 3', { params: ['world'] }))
    expect(r.stdout).toBe('hello world\n')
    expect(r.stderr).toBe('oops\n')
    expect(r.exit).toMatchObject({ exitCode: 3, timedOut: false, canceled: false, truncated: false, lost: false })
  })

  it('runs python and switches to the execute user when the agent is root', async () => {
    const py = await collect(await run('import sys\nprint("py", sys.argv[1])', { type: 'PYTHON', params: ['ok'] }))
    expect(py.stdout).toBe('py ok\n')
    const who = await collect(await run('id -un', { user: 'nobody' }))
    expect(who.stdout.trim()).toBe(process.getuid?.() === 0 ? 'nobody' : (process.env.USER ?? who.stdout.trim()))
  })

  it('kills the whole process tree on timeout', async () => {
    const pidFile = path.join(agent.workDir, 'bg.pid')
    const r = await collect(await run(`sleep 30 & echo $! > ${pidFile}; sleep 30`, { timeoutSec: 1 }))
    expect(r.exit).toMatchObject({ timedOut: true, exitCode: null })
    expect(r.exit.durationMs).toBeLessThan(5000)
    const bg = Number(readFileSync(pidFile, 'utf8'))
    await waitFor(
      () => {
        try {
          process.kill(bg, 0)
          return false
        } catch {
          return true
        }
      },
      3000,
      'background child to die',
    )
  })

  it('cancels a running command', async () => {
    const handle = await run('sleep 30')
    setTimeout(() => handle.cancel(), 200)
    expect((await collect(handle)).exit).toMatchObject({ canceled: true, timedOut: false })
  })

  it('caps the output at 1 MB and says it truncated', async () => {
    const r = await collect(await run(`head -c 3000000 /dev/zero | tr '\\0' a; echo done >&2`))
    expect(Buffer.byteLength(r.stdout) + Buffer.byteLength(r.stderr)).toBe(OUTPUT_CAP_BYTES)
    expect(r.exit).toMatchObject({ exitCode: 0, truncated: true })
  })

  it("answers a patch scan with this machine's real packages", async () => {
    const scan = await app.services.agentGateway.patchScan(SN, { timeoutMs: 60_000 })
    expect(scan.source).toBe('scan')
    expect(scan.packages.length).toBeGreaterThan(50)
  })

  it('refuses commands for an agent of another tenant, and refuses unknown tokens at the upgrade', async () => {
    await expect(
      app.services.agentGateway.runCommand(
        SN,
        { type: 'SHELL', script: 'true', timeoutSec: 5 },
        { tenantId: '00000000-0000-4000-8000-000000000000' },
      ),
    ).rejects.toThrow(/not connected/)
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${AGENT_WS_PATH}`, {
        headers: { authorization: 'Bearer oca_forged' },
      })
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0)
        ws.terminate()
      })
      ws.on('open', () => {
        resolve(101)
        ws.close()
      })
      ws.on('error', () => {})
    })
    expect(status).toBe(401)
  })

  it('turns OFFLINE after missed heartbeats and ONLINE again when the agent resumes', async () => {
    agent.child.kill('SIGSTOP')
    try {
      await waitFor(async () => (await hostRow()).agent_status === 'offline', 5000, 'offline after missed heartbeats')
    } finally {
      agent.child.kill('SIGCONT')
    }
    await waitFor(async () => (await hostRow()).agent_status === 'online', 20_000, 'online after resuming')
  })

  it('reconnects after a BFF restart and keeps the same host', async () => {
    const before = await hostRow()
    await app.close()
    await start()
    await waitFor(() => app.services.agentGateway.isConnected(SN), 30_000, 'reconnection')
    const after = await hostRow()
    expect(after.id).toBe(before.id)
    expect(after.agent_status).toBe('online')
    expect((await collect(await run('echo back'))).stdout).toBe('back\n')
  })

  it('turns OFFLINE at once when the agent process stops', async () => {
    await agent.stop()
    await waitFor(async () => (await hostRow()).agent_status === 'offline', 3000, 'offline after stop')
    expect(existsSync(agent.workDir)).toBe(true)
  })
})
