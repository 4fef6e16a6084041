import { buildApp } from '../app'
import { loadConfig } from '../config'
import { openDatabase } from '../db/client'
import { LOG_REDACT_PATHS, LOG_SERIALIZERS } from '../lib/redact'
import { REPLICA_ID } from '../lib/replica-id'

/**
 * One BFF replica: opens the pool on DATABASE_URL (the primary hands it the embedded server's URL), builds
 * the app without re-running migrations and bootstrap (`prepared`: the primary did them) and listens. Under
 * node:cluster every replica listens on the same port and the primary spreads connections across them.
 * SIGTERM/SIGINT: in-flight requests finish, then the pool closes; a stuck close is cut off after 10 s.
 */
export async function runReplica(opts: { prepared: boolean }) {
  const config = loadConfig()
  const db = await openDatabase(config)
  const app = await buildApp({
    db,
    config,
    prepared: opts.prepared,
    logger: {
      level: config.logLevel,
      redact: { paths: LOG_REDACT_PATHS, censor: '******' },
      base: { replica: REPLICA_ID },
      serializers: LOG_SERIALIZERS,
    },
  })
  // Scheduled scans, retention and the other background work run on the job queue's worker that buildApp
  // started in this replica (every replica runs one; each schedule slot runs on one of them).

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'replica shutting down')
    const timer = setTimeout(() => {
      app.log.error('forced exit after 10 s')
      process.exit(1)
    }, 10_000)
    timer.unref()
    try {
      await app.close()
      // After the app: in-flight work (scans) finishes writing before the pool closes.
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
  return app
}
