import cluster from 'node:cluster'
import { runPrimary } from './cluster/primary'
import { runReplica } from './cluster/replica'

/**
 * `npm run server`: the console's primary (embedded PostgreSQL unless DATABASE_URL, WORKERS replicas, no demo
 * fleet unless DEMO_AGENTS), and the entry every replica runs under node:cluster.
 */
function run() {
  if (cluster.isWorker) return runReplica({ prepared: process.env.CONSOLE_PREPARED === '1' })
  return runPrimary({ demoAgents: Number(process.env.DEMO_AGENTS ?? 0) })
}

if (cluster.isWorker || import.meta.url === `file://${process.argv[1]}`) {
  run().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
