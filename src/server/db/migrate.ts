import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runMigrations } from 'graphile-worker'
import type { DbHandle } from './client'
import { quietJobLogger } from '../jobs/job-logger'

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')
const MIGRATION_LOCK = 727274

/** Migration files in order. One file per domain change, named `NNNN_<what>.sql`; never edit a landed one. */
export function listMigrations(): { name: string; sql: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8') }))
}

/**
 * Applies pending migrations, each in its own transaction, on one connection. An advisory lock makes
 * concurrent replicas on one PostgreSQL wait for the first instead of racing it. The
 * job queue's own schema (`graphile_worker`) is installed or upgraded too, by graphile-worker's migrator
 * (safe under concurrent replicas), so domain code can add jobs in its transactions from the first request.
 */
export async function migrate(handle: DbHandle): Promise<string[]> {
  const applied = await migrateDomain(handle)
  await runMigrations({ pgPool: handle.pool, logger: quietJobLogger() })
  return applied
}

function migrateDomain(handle: DbHandle): Promise<string[]> {
  return handle.withConnection(async (conn) => {
    await conn.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)
    await conn.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    const applied: string[] = []
    try {
      const done = new Set(
        (await conn.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
      )
      for (const m of listMigrations()) {
        if (done.has(m.name)) continue
        await conn.exec('BEGIN')
        try {
          await conn.exec(m.sql)
          await conn.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name])
          await conn.exec('COMMIT')
        } catch (err) {
          await conn.exec('ROLLBACK')
          throw new Error(`migration ${m.name} failed: ${(err as Error).message}`)
        }
        applied.push(m.name)
      }
    } finally {
      await conn.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
    }
    return applied
  })
}
