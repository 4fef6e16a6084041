import cluster from 'node:cluster'
import { createServer } from 'node:net'
import { buildApp } from '../app'
import { loadConfig } from '../config'
import { openDatabase } from '../db/client'
import { LOG_REDACT_PATHS, LOG_SERIALIZERS } from '../lib/redact'
import { REPLICA_ID } from '../lib/replica-id'

/**
 * One BFF replica: opens the pool on DATABASE_URL (the primary hands it the embedded server's URL), builds
 * the app without re-running migrations and bootstrap (`prepared`: the primary did them) and listens. Under
 * node:cluster every replica listens on the same port (see `kernelBalanced`).
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

  const ownSocket = kernelBalanced(config.port)
  await app.listen({ port: config.port, host: config.host, ...(ownSocket ? { reusePort: true, exclusive: true } : {}) })
  // A replica's own socket is not the cluster's: the primary does not hear 'listening' and is told here.
  if (ownSocket) process.send?.({ type: REPLICA_LISTENING })
  return app
}

/** What a replica with its own listening socket sends the primary once it listens. */
export const REPLICA_LISTENING = 'oc-replica-listening'

/**
 * Whether this replica listens on a socket of its own (SO_REUSEPORT) that the kernel hands connections to,
 * rather than on the cluster's shared handle. On the shared handle the primary accepts every connection and
 * passes it to a replica over IPC, one at a time: when 200 clients connect at once, the last wait for the
 * primary, and in bench:lists half of the first requests of a 200-client run took over 1 s (p99 1.2-2.0 s on
 * the resources list, against 0.5-0.7 s with the kernel spreading them). Linux only (elsewhere SO_REUSEPORT does
 * not balance), and not for port 0, where each socket of its own would get a different port.
 */
export function kernelBalanced(port: number, platform = process.platform, worker = cluster.isWorker) {
  return worker && platform === 'linux' && port !== 0
}

/**
 * Refuses a port another process listens on. Sockets of their own (SO_REUSEPORT) would otherwise share it with
 * any process of the same user that listens the same way, such as a second console started by mistake on the
 * same PORT: two consoles, maybe over two databases, taking turns answering. A plain bind fails on a port
 * anyone holds, so the primary checks once before it forks the replicas.
 */
export function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${host} is already in use by another process: stop it or choose another PORT`)
          : err,
      ),
    )
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()))
  })
}
