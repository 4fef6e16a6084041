import { buildApp } from '../src/server/app'
import type { Config } from '../src/server/config'
import { openDatabase } from '../src/server/db/client'
import { loadKeyring } from '../src/server/lib/keyring'

/**
 * The console a bench measures, in this process: embedded PostgreSQL in `dataDir`, no demo data, no SPA, an
 * `admin` with a known password, listening on a free local port. `config` adds the bench's own settings.
 */
export async function startBenchConsole(dataDir: string, config: Partial<Config> = {}) {
  const db = await openDatabase({ dataDir })
  const app = await buildApp({
    db,
    keyring: loadKeyring({ dataDir }),
    print: () => {},
    config: { dataDir, demoSeed: false, staticDir: undefined, adminBootstrap: 'admin:bench-password', ...config },
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  return { app, db, base }
}
