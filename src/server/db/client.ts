import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import pg from 'pg'
import * as schema from './schema'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>
/** A transaction or the database itself: services accept either so callers can compose them. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db

/** The database plus what drizzle does not cover: raw multi-statement SQL and closing. */
export interface DbHandle {
  db: Db
  kind: 'pglite' | 'postgres'
  /** The node-postgres pool behind a `postgres` handle (the job queue shares it); absent on PGlite. */
  pool?: pg.Pool
  /** Runs SQL text that may hold several statements (migrations). */
  execScript(sqlText: string): Promise<void>
  /** Parameterised query returning rows. */
  query<T = Record<string, unknown>>(sqlText: string, params?: unknown[]): Promise<T[]>
  /** Runs `fn` on one connection (advisory locks and multi-step scripts need that on a pool). */
  withConnection<T>(
    fn: (conn: {
      exec(sqlText: string): Promise<void>
      query<R = Record<string, unknown>>(sqlText: string, params?: unknown[]): Promise<R[]>
    }) => Promise<T>,
  ): Promise<T>
  close(): Promise<void>
}

export function fromPglite(client: PGlite): DbHandle {
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    kind: 'pglite',
    execScript: async (text) => {
      await client.exec(text)
    },
    query: async <T>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows,
    withConnection: (fn) =>
      fn({
        exec: async (text) => {
          await client.exec(text)
        },
        query: async <R>(text: string, params: unknown[] = []) => (await client.query<R>(text, params)).rows,
      }),
    close: () => client.close(),
  }
}

export function fromPgPool(pool: pg.Pool): DbHandle {
  // An idle connection the server drops (restart, failover) emits here; unhandled, it would end the process.
  // The next query simply takes a new connection.
  if (pool.listenerCount('error') === 0) {
    const lost = (err: Error) => console.warn(`database connection lost: ${err.message}`)
    pool.on('error', lost)
    // A checked-out client's error (e.g. the job queue's LISTEN connection) is handled by its user's query
    // promise or by graphile-worker's reconnect; this only keeps it from becoming an uncaught 'error' event.
    pool.on('connect', (client) => client.on('error', lost))
  }
  return {
    db: drizzlePg(pool, { schema }) as unknown as Db,
    kind: 'postgres',
    pool,
    execScript: async (text) => {
      await pool.query(text)
    },
    query: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    withConnection: async (fn) => {
      const conn = await pool.connect()
      try {
        return await fn({
          exec: async (text) => {
            await conn.query(text)
          },
          query: async <R>(text: string, params: unknown[] = []) => (await conn.query(text, params)).rows as R[],
        })
      } finally {
        conn.release()
      }
    },
    close: () => pool.end(),
  }
}

/** PostgreSQL when a URL is given, else PGlite persisted in `<dataDir>/pgdata`. */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 })
    await pool.query('select 1')
    return fromPgPool(pool)
  }
  const dir = `${opts.dataDir}/pgdata`
  mkdirSync(dir, { recursive: true })
  return fromPglite(await PGlite.create(dir))
}
