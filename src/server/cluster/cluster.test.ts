import { type ChildProcess, spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { get } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const MAIN = path.join(import.meta.dirname, '../main.ts')
const running: ChildProcess[] = []
const dirs: string[] = []
afterEach(async () => {
  // SIGTERM first: a SIGKILLed primary would leave its PostgreSQL server running.
  for (const p of running.splice(0)) {
    if (p.exitCode !== null || p.signalCode !== null) continue
    const exited = new Promise((r) => p.once('exit', r))
    p.kill('SIGTERM')
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))])
    p.kill('SIGKILL')
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function freePort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const { port } = srv.address() as { port: number }
  await new Promise((r) => srv.close(r))
  return port
}

type Health = { status: string; db: string; store: string; replica: string; pid: number }

/** GET /healthz on a fresh connection (no keep-alive: each connection goes to one replica). */
function health(port: number): Promise<Health | undefined> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 2000 }, (res) => {
      let body = ''
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve(res.statusCode === 200 ? (JSON.parse(body) as Health) : undefined))
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(undefined))
  })
}

/** POSTs an IAM password login until the answer is not a database outage (503); returns its status. */
async function waitForLogin(port: number) {
  const body = JSON.stringify({
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: 'admin', password: 'cluster-test-pw', domain: { name: 'default' } } },
      },
      scope: { project: { name: 'default' } },
    },
  })
  for (let i = 0; i < 60; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    }).catch(() => undefined)
    if (res && res.status < 500) return res.status
    await new Promise((r) => setTimeout(r, 500))
  }
  return 0
}

/** Polls /healthz until `done` holds; bounded. */
async function pollUntil(port: number, done: (seen: Map<string, Health>) => boolean, seconds = 120) {
  const seen = new Map<string, Health>()
  const until = Date.now() + seconds * 1000
  while (Date.now() < until) {
    const h = await health(port)
    if (h) seen.set(h.replica, h)
    if (done(seen)) return seen
    await new Promise((r) => setTimeout(r, h ? 50 : 500))
  }
  throw new Error(`gave up after ${seconds} s; replicas seen: ${[...seen.keys()].join(', ')}`)
}

describe('the console as a cluster (npm start without the SPA build and the fleet)', () => {
  it('serves from WORKERS=2 replicas on one port over its embedded PostgreSQL, restarts a killed replica and a killed database server, stops everything on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'oc-cluster-'))
    chmodSync(dataDir, 0o755) // as root the embedded server runs as `postgres`, which must reach its data dir
    dirs.push(dataDir)
    const port = await freePort()
    const primary = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        WORKERS: '2',
        PORT: String(port),
        DATA_DIR: dataDir,
        STATIC_DIR: '',
        DEMO_SEED: '0',
        CONSOLE_ADMIN: 'admin:cluster-test-pw',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    running.push(primary)
    let output = ''
    primary.stdout!.on('data', (d) => (output += d))
    primary.stderr!.on('data', (d) => (output += d))

    const first = await pollUntil(port, (seen) => seen.size >= 2)
    for (const h of first.values()) expect(h).toMatchObject({ status: 'ok', db: 'ok', store: 'postgres' })
    const pids = [...first.values()].map((h) => h.pid)
    expect(new Set(pids).size).toBe(2)
    expect(pids).not.toContain(primary.pid)

    // A replica killed outright is replaced: a third replica id shows up, the survivor keeps serving.
    process.kill(pids[0]!, 'SIGKILL')
    const after = await pollUntil(port, (seen) => [...seen.values()].some((h) => !pids.includes(h.pid)))
    expect([...after.values()].map((h) => h.pid)).not.toContain(pids[0])

    // The database server killed outright is started again: the replicas answer `db: ok` once more and what was
    // committed before (the bootstrap admin) is there: a login works.
    const postmaster = () => Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0])
    const killed = postmaster()
    process.kill(killed, 'SIGKILL')
    await pollUntil(port, () => output.includes('embedded PostgreSQL stopped unexpectedly (SIGKILL)'), 30)
    // Both replicas answer 200 (`db: ok`; a replica without its database answers 503) on the new server.
    await pollUntil(port, (seen) => output.includes('running again') && seen.size >= 2, 120)
    expect(postmaster()).not.toBe(killed)
    const login = await waitForLogin(port)
    expect(login, output).toBe(201)

    const exited = new Promise<number | null>((r) => primary.once('exit', (code) => r(code)))
    primary.kill('SIGTERM')
    expect(await exited, output).toBe(0)
    // The embedded server stopped with the console (PostgreSQL removes its pid file on shutdown).
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false)
    expect(await health(port)).toBeUndefined()
  }, 360_000)
})
