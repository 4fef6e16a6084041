import pg from 'pg'
import { type App, buildApp } from '../app'
import type { Config } from '../config'
import { PreparedClient } from '../db/prepared-client'
import { type DbHandle, fromPgPool } from '../db/client'
import type { Keyring } from '../lib/keyring'
import { ADMIN } from './test-app'
import { guardTestPool } from './nested-connections'
import { testDb } from './test-db'

/**
 * `n` handles on one fresh test database, each with its own pool as `n` replicas have. `close()` ends the
 * pools and drops the database.
 */
export async function testReplicaDbs(n: number): Promise<{ handles: DbHandle[]; close(): Promise<void> }> {
  const first = await testDb()
  const url = first.pool.options.connectionString
  const others = Array.from({ length: n - 1 }, () =>
    guardTestPool(fromPgPool(new pg.Pool({ connectionString: url, max: 10, Client: PreparedClient }))),
  )
  return {
    handles: [first, ...others],
    close: async () => {
      await Promise.all(others.map((h) => h.close()))
      await first.close()
    },
  }
}

/**
 * One replica's app on `db`, sharing `keyring` with the others (as replicas share the master key), with the
 * known admin and no job worker (tests drive the work), and `config` on top. The caller closes it.
 */
export async function replicaApp(db: DbHandle, keyring: Keyring, config: Partial<Config> = {}): Promise<App> {
  const app = await buildApp({
    db,
    keyring,
    config: {
      adminBootstrap: `${ADMIN.username}:${ADMIN.password}`,
      staticDir: undefined,
      jobWorker: false,
      ...config,
    },
    print: () => {},
  })
  await app.ready()
  return app
}
