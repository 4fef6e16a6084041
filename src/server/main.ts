import { buildApp } from './app'
import { loadConfig } from './config'
import { openDatabase } from './db/client'
import { LOG_REDACT_PATHS } from './lib/redact'
import { startDemoFleet, stopLeftoverFleet } from './agents/demo-fleet'
import { DEFAULT_TENANT } from './modules/identity/bootstrap'
import { startPatchSchedule } from './modules/patches/patch-schedule'
import { seedDemoScripts } from './modules/scripts/demo-scripts'

/**
 * Process entry: open the store, build the app, listen, start (or adopt) the local demo fleet (`demoAgents`
 * real agent processes; 0 stops a fleet left by an earlier start), and shut down gracefully on signals. The
 * fleet is left running on shutdown, like agents on real hosts: running scripts go on, and after a restart the
 * agents reconnect and the engine re-attaches to them, so a ticket finishes with nothing run twice.
 */
export async function main(opts: { demoAgents?: number } = {}) {
  const config = loadConfig()
  const db = await openDatabase(config)
  const app = await buildApp({
    db,
    config,
    logger: { level: config.logLevel, redact: { paths: LOG_REDACT_PATHS, censor: '******' } },
  })
  if (config.demoSeed) {
    // The demo's ready-to-run scripts (only into an empty library; the admin is their author).
    const tenant = await app.services.identityRepo.tenantByName(DEFAULT_TENANT)
    const admin = await app.services.identityRepo.userByName(config.adminBootstrap?.split(':')[0] || 'admin')
    if (tenant && admin) await seedDemoScripts(app.services.db, app.services.scriptsRepo, tenant.id, admin)
  }
  const stopSchedule = startPatchSchedule({
    scans: app.services.patchScans,
    identity: app.services.identityRepo,
    log: app.log,
    intervalMin: config.patchScanIntervalMin,
    firstDelaySec: config.patchScanFirstDelaySec,
  })
  app.addHook('onClose', async () => stopSchedule())

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    // In-flight requests finish; a stuck close is cut off so the process manager is not left waiting.
    const timer = setTimeout(() => {
      app.log.error('forced exit after 10 s')
      process.exit(1)
    }, 10_000)
    timer.unref()
    try {
      await app.close()
      // After the app: in-flight work (scans) finishes writing before the store closes.
      await db.close()
      process.exit(0)
    } catch (err) {
      app.log.error({ err }, 'error during shutdown')
      process.exit(1)
    }
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  await app.listen({ port: config.port, host: config.host })
  const demoAgents = opts.demoAgents ?? Number(process.env.DEMO_AGENTS ?? 0)
  if (opts.demoAgents === 0) await stopLeftoverFleet(config.dataDir)
  if (demoAgents > 0) {
    const tenant = await app.services.identityRepo.tenantByName(DEFAULT_TENANT)
    const fleet = await startDemoFleet({
      count: demoAgents,
      serverUrl: `http://${['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host}:${config.port}`,
      dataDir: config.dataDir,
      tenantId: tenant!.id,
      tokens: app.services.agentTokens,
    })
    const adopted = fleet.agents.filter((a) => a.adopted).length
    app.log.info(
      `local demo fleet: ${demoAgents} agents (${adopted} still running from before), work dirs in ${config.dataDir}/agents`,
    )
  }
  app.log.info(
    `console on http://${config.host}:${config.port} (${db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
  )
  return app
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
