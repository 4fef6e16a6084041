import pg from 'pg'
import { PreparedClient } from '../db/prepared-client'
import { type DbHandle, fromPgPool } from '../db/client'
import { testDb } from './test-db'

/**
 * `n` handles on one fresh test database, each with its own pool as `n` replicas have. `close()` ends the
 * pools and drops the database.
 */
export async function testReplicaDbs(n: number): Promise<{ handles: DbHandle[]; close(): Promise<void> }> {
  const first = await testDb()
  const url = first.pool.options.connectionString
  const others = Array.from({ length: n - 1 }, () =>
    fromPgPool(new pg.Pool({ connectionString: url, max: 10, Client: PreparedClient })),
  )
  return {
    handles: [first, ...others],
    close: async () => {
      await Promise.all(others.map((h) => h.close()))
      await first.close()
    },
  }
}
