import cluster, { type Worker } from 'node:cluster'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startDemoFleet, stopLeftoverFleet } from '../agents/demo-fleet'
import { prepareDatabase } from '../app'
import { loadConfig } from '../config'
import { connectPool, fromPgPool, refuseOldPglite } from '../db/client'
import { startEmbeddedPostgres } from '../db/embedded-postgres'
import { type SupervisedDatabase, superviseEmbedded } from '../db/embedded-supervisor'
import { loadKeyring } from '../lib/keyring'
import { DEFAULT_TENANT } from '../modules/identity/bootstrap'
import { seedDemoScripts } from '../modules/scripts/demo-scripts'
import { createServices } from '../services'
import { assertPortFree, kernelBalanced, REPLICA_LISTENING } from './replica'

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '../main.ts')

/**
 * Connections per replica when the operator sets none: the replicas of one machine share about 10 (at least 5
 * each, for the job worker's listener and its jobs). With 10 each, 2 replicas kept 20 PostgreSQL backends
 * time-slicing 2 cores and list pages' p99 was 2.5-2.9x the bare server's; with 5 each the pools queue
 * requests in order and it was 1.7-1.8x (bench:lists, alternating pairs on a quiet machine), same req/s.
 */
export function replicaPoolSize(workers: number) {
  return Math.max(5, Math.ceil(10 / workers))
}

/** WORKERS, default one per CPU. */
export function workerCount(env: NodeJS.ProcessEnv = process.env): number {
  const n = env.WORKERS === undefined || env.WORKERS === '' ? availableParallelism() : Number(env.WORKERS)
  if (!Number.isInteger(n) || n < 1) throw new Error(`WORKERS must be a whole number ≥ 1, not "${env.WORKERS}"`)
  return n
}

/**
 * The console's primary process (`npm start`, `npm run server`). It owns what must exist once per console:
 * the embedded PostgreSQL server (unless DATABASE_URL names one), migrations and bootstrap, the demo fleet.
 * It serves no request itself: it forks WORKERS replicas (node:cluster, one port), restarts a replica that
 * dies and an embedded database server that dies (embedded-supervisor.ts), and on SIGTERM/SIGINT stops the
 * replicas, then the database server. The demo fleet is left running, like agents on real hosts: their
 * scripts go on, and after a restart the agents are adopted again, reconnect, and the engine re-attaches to
 * them (a ticket finishes with nothing run twice). A primary killed outright (SIGKILL) cannot say so: its
 * fleet's lease runs out and the agents exit within seconds.
 */
export async function runPrimary(opts: { demoAgents: number }) {
  const config = loadConfig()
  const workers = workerCount()
  const log = (line: string) => console.log(`[primary ${process.pid}] ${line}`)
  // Before the database and the replicas: replicas on sockets of their own would share a taken port.
  if (kernelBalanced(config.port, process.platform, true)) await assertPortFree(config.port, config.host)
  let embedded: SupervisedDatabase | undefined
  if (!config.databaseUrl) {
    refuseOldPglite(config.dataDir)
    const started = performance.now()
    const options = { dataDir: path.join(config.dataDir, 'pg'), port: config.embeddedPgPort }
    const server = await startEmbeddedPostgres(options)
    log(
      `embedded PostgreSQL in ${server.dataDir} on 127.0.0.1:${server.port} (${Math.round(performance.now() - started)} ms)`,
    )
    embedded = superviseEmbedded(server, options, log)
  }
  const databaseUrl = config.databaseUrl ?? embedded!.current.url
  const handle = fromPgPool(await connectPool(databaseUrl, 3))
  // Before any replica: the master key file is generated here once, not raced by N replicas.
  const keyring = loadKeyring(config)
  await prepareDatabase(handle, config, keyring)
  const services = createServices(handle, config, keyring)
  await services.files.importDiskFiles(log)
  const tenant = await services.identityRepo.tenantByName(DEFAULT_TENANT)
  if (config.demoSeed) {
    // The demo's ready-to-run scripts (only into an empty library; the admin is their author).
    const admin = await services.identityRepo.userByName(config.adminBootstrap?.split(':')[0] || 'admin')
    if (tenant && admin) await seedDemoScripts(services.db, services.scriptsRepo, tenant.id, admin)
  }

  let closing = false
  const restarts = new Map<number, { at: number; delayMs: number }>()
  const fork = (slot: number): Worker =>
    // DATABASE_URL reaches the replicas in their environment, never on a command line.
    cluster.fork({
      DATABASE_URL: databaseUrl,
      REPLICA_SLOT: String(slot),
      CONSOLE_PREPARED: '1',
      // Leases and bus channels are keyed by replica id: an operator's REPLICA_ID names the machine, the slot the process.
      ...(process.env.REPLICA_ID ? { REPLICA_ID: `${process.env.REPLICA_ID}-${slot}` } : {}),
      ...(process.env.DB_POOL_SIZE ? {} : { DB_POOL_SIZE: String(replicaPoolSize(workers)) }),
    })
  // A larger young generation: a list page allocates a few hundred kB (rows, DTOs, the validated copy, JSON), and
  // with 200 clients the pages of a hundred requests in flight per replica outlive small scavenges and get
  // promoted. The default 16 MB semi-space: scavenges took 12-18% of a replica's CPU. 32 MB: bench:lists went
  // from 0.60-0.62x to 0.73-0.77x the bare server's req/s (earlier machine), and 0.89-0.98x here, GC still 17% of
  // a replica's profile. 64 MB: 1.15-1.16x, replica CPU per request 1,125 -> 850-863 µs (2 runs each, same machine).
  // V8 grows the semi-spaces only under such load: up to ~100 MB more per replica than its default. An operator's
  // own --max-semi-space-size (NODE_OPTIONS) wins.
  const semiSpace = /--max-semi-space-size/.test(`${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`)
    ? []
    : ['--max-semi-space-size=64']
  cluster.setupPrimary({ exec: MAIN, execArgv: [...process.execArgv, ...semiSpace] })
  const slots = new Map<Worker, number>()
  const listening = Array.from({ length: workers }, (_, i) => {
    const w = fork(i + 1)
    slots.set(w, i + 1)
    return new Promise<void>((resolve, reject) => {
      w.once('listening', () => resolve())
      // A replica on a socket of its own (replica.ts: kernelBalanced) says so itself.
      w.on('message', (m: { type?: string }) => m?.type === REPLICA_LISTENING && resolve())
      w.once('exit', (code) => reject(new Error(`replica ${i + 1} exited with code ${code} before listening`)))
    })
  })
  cluster.on('exit', (dead, code, signal) => {
    const slot = slots.get(dead)
    slots.delete(dead)
    if (closing || slot === undefined) return
    // A replica that keeps dying right after start is restarted with a growing delay (1 s … 30 s).
    const prev = restarts.get(slot)
    const delayMs = prev && Date.now() - prev.at < 10_000 ? Math.min(prev.delayMs * 2 || 1000, 30_000) : 0
    restarts.set(slot, { at: Date.now() + delayMs, delayMs })
    log(`replica ${slot} (pid ${dead.process.pid}) died (${signal ?? `code ${code}`}); restarting in ${delayMs} ms`)
    setTimeout(() => {
      if (!closing) slots.set(fork(slot), slot)
    }, delayMs)
  })

  let fleet: Awaited<ReturnType<typeof startDemoFleet>> | undefined
  // DEMO_FLEET_KEEP=0 (tests): the fleet stops with the console instead of waiting for its next start.
  const keepFleet = process.env.DEMO_FLEET_KEEP !== '0'
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    log(`${signal}: stopping the replicas, then the database${keepFleet ? ' (the demo fleet keeps running)' : ''}`)
    const force = setTimeout(() => {
      log('forced exit after 15 s')
      process.exit(1)
    }, 15_000)
    force.unref()
    try {
      if (keepFleet) fleet?.detach()
      else await fleet?.stop()
      await Promise.all(
        [...slots.keys()].map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.isDead()) return resolve()
              w.once('exit', () => resolve())
              w.process.kill('SIGTERM')
            }),
        ),
      )
      await handle.close()
      await embedded?.stop()
      process.exit(0)
    } catch (err) {
      console.error(err)
      process.exit(1)
    }
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  try {
    await Promise.all(listening)
  } catch (err) {
    await shutdown('startup failure')
    throw err
  }
  // Only an explicit DEMO_AGENTS=0 stops a fleet an earlier start left running.
  if (process.env.DEMO_AGENTS === '0') await stopLeftoverFleet(config.dataDir)
  if (opts.demoAgents > 0 && tenant) {
    fleet = await startDemoFleet({
      count: opts.demoAgents,
      serverUrl: `http://${['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host}:${config.port}`,
      dataDir: config.dataDir,
      tenantId: tenant.id,
      tokens: services.agentTokens,
    })
    const adopted = fleet.agents.filter((a) => a.adopted).length
    log(
      `local demo fleet: ${opts.demoAgents} agents (${adopted} still running from before), work dirs in ${config.dataDir}/agents`,
    )
  }
  log(
    `console on http://${config.host}:${config.port}: ${workers} replica${workers > 1 ? 's' : ''} on ${embedded ? `the embedded PostgreSQL (${embedded.current.dataDir})` : 'PostgreSQL (DATABASE_URL)'}`,
  )
}
