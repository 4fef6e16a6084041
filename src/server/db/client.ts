import { existsSync } from 'node:fs'
import path from 'node:path'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import pg from 'pg'
import { startEmbeddedPostgres } from './embedded-postgres'
import { PreparedClient } from './prepared-client'
import * as schema from './schema'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>
/** A transaction or the database itself: services accept either so callers can compose them. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db

/** The database plus what drizzle does not cover: raw multi-statement SQL and closing. */
export interface DbHandle {
  db: Db
  kind: 'postgres'
  /** The node-postgres pool behind the handle (the job queue's worker shares it). */
  pool: pg.Pool
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
  /**
   * LISTEN on `channel`: `fn` gets each notification's payload. PostgreSQL: on one dedicated connection per
   * handle, re-established (with every channel) after it drops; PGlite: on the one instance.
   */
  listen(channel: string, fn: (payload: string) => void): Promise<void>
  /** NOTIFY `channel` (payload under 8,000 bytes); delivered to every listener once this commits. */
  notify(channel: string, payload: string): Promise<void>
  /** Called after the listening connection was lost and re-established: notifications may have been missed. */
  onListenReset(fn: () => void): void
  close(): Promise<void>
}

export function fromPgPool(pool: pg.Pool): DbHandle {
  // An idle connection the server drops (restart, failover) emits here; unhandled, it would end the process.
  if (pool.listenerCount('error') === 0)
    pool.on('error', (err) => console.warn(`database connection lost: ${err.message}`))
  // A checked-out client's error (e.g. the job queue's LISTEN connection) reaches its user's query promise or
  // graphile-worker's reconnect; this only keeps it from becoming an uncaught 'error' event.
  if (pool.listenerCount('connect') === 0) pool.on('connect', (client) => client.on('error', () => {}))
  const listener = new PgListener(pool.options)
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
    listen: (channel, fn) => listener.listen(channel, fn),
    notify: async (channel, payload) => {
      if (!(await listener.notify(channel, payload))) await pool.query('SELECT pg_notify($1, $2)', [channel, payload])
    },
    onListenReset: (fn) => listener.resets.push(fn),
    close: async () => {
      await listener.close()
      await pool.end()
    },
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`

/**
 * The one listening connection of a pool's handle, opened on the first `listen`. When it drops it is
 * re-opened with backoff, every channel is listened again, and `resets` run (callers resynchronise from
 * tables: NOTIFY does not queue for a connection that is gone).
 */
class PgListener {
  readonly resets: (() => void)[] = []
  private readonly channels = new Map<string, ((payload: string) => void)[]>()
  private client: pg.Client | undefined
  private connecting: Promise<pg.Client> | undefined
  private closed = false
  private retry: NodeJS.Timeout | undefined
  private statements: Promise<void> = Promise.resolve()

  constructor(private readonly options: pg.PoolConfig) {}

  async listen(channel: string, fn: (payload: string) => void) {
    const fns = this.channels.get(channel)
    if (fns) return void fns.push(fn)
    this.channels.set(channel, [fn])
    const client = await this.connect()
    // One statement at a time on this connection (pg queues them, but concurrent calls are deprecated).
    const listened = this.statements.then(() =>
      this.client === client ? client.query(`LISTEN ${quoteIdent(channel)}`) : undefined,
    )
    this.statements = listened.then(
      () => {},
      () => {},
    )
    await listened
  }

  /**
   * NOTIFY on the listening connection, which is open anyway, so that bus messages (an agent command relayed
   * to its replica, its ack, live events) never queue behind a pool busy with list pages. False when the
   * connection is not up (the caller sends through the pool).
   */
  async notify(channel: string, payload: string): Promise<boolean> {
    const client = this.client
    if (!client) return false
    const sent = this.statements.then(() =>
      this.client === client ? client.query('SELECT pg_notify($1, $2)', [channel, payload]).then(() => true) : false,
    )
    this.statements = sent.then(
      () => {},
      () => {},
    )
    return sent
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client)
    this.connecting ??= (async () => {
      const client = new pg.Client({ ...this.options, keepAlive: true } as pg.ClientConfig)
      client.on('notification', (n) => {
        for (const fn of this.channels.get(n.channel) ?? []) fn(n.payload ?? '')
      })
      const lost = () => {
        if (this.client !== client) return
        this.client = undefined
        client.removeAllListeners('end')
        client.end().catch(() => {})
        this.reconnect(0)
      }
      client.on('error', lost)
      client.on('end', lost)
      try {
        await client.connect()
        for (const channel of this.channels.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`)
      } catch (err) {
        client.removeAllListeners('end')
        client.end().catch(() => {})
        throw err
      } finally {
        this.connecting = undefined
      }
      this.client = client
      return client
    })()
    return this.connecting
  }

  private reconnect(attempt: number) {
    if (this.closed) return
    this.retry = setTimeout(
      () =>
        void this.connect().then(
          () => {
            for (const fn of this.resets) fn()
          },
          () => this.reconnect(attempt + 1),
        ),
      Math.min(5000, 100 * 2 ** attempt),
    )
    this.retry.unref()
  }

  async close() {
    this.closed = true
    clearTimeout(this.retry)
    const client = this.client ?? (await this.connecting?.catch(() => undefined))
    this.client = undefined
    if (client) {
      client.removeAllListeners('end')
      await client.end().catch(() => {})
    }
  }
}

/**
 * PostgreSQL at `databaseUrl`, else an embedded server in `<dataDir>/pg` that this process starts and that
 * `close()` stops (benches and tools; `npm start` runs the server in the primary, see cluster/primary.ts).
 */
export async function openDatabase(opts: {
  databaseUrl?: string
  dataDir: string
  poolSize?: number
}): Promise<DbHandle> {
  if (opts.databaseUrl) return fromPgPool(await connectPool(opts.databaseUrl, opts.poolSize))
  refuseOldPglite(opts.dataDir)
  const server = await startEmbeddedPostgres({ dataDir: path.join(opts.dataDir, 'pg') })
  const handle = fromPgPool(await connectPool(server.url, opts.poolSize))
  return {
    ...handle,
    close: async () => {
      await handle.close()
      await server.stop()
    },
  }
}

export async function connectPool(url: string, max = 10): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max, Client: PreparedClient })
  // An idle client whose server went away must not crash the process; the next query reports the error.
  pool.on('error', () => {})
  await pool.query('select 1')
  return pool
}

/**
 * Versions before the PostgreSQL server kept an embedded PGlite in `<dataDir>/pgdata`. It is not read any
 * more, and silently starting an empty database next to it would look like data loss: refuse, and say how.
 */
export function refuseOldPglite(dataDir: string) {
  const old = path.join(dataDir, 'pgdata')
  if (!existsSync(path.join(old, 'PG_VERSION'))) return
  throw new Error(
    `${old} holds a PGlite database from an earlier version of the console, which now runs a PostgreSQL server ` +
      `(data in ${path.join(dataDir, 'pg')}) and does not read PGlite. To start afresh, move it away: ` +
      `mv ${old} ${old}.old. To keep its data, run the earlier version once more and copy what you need ` +
      '(scripts, users, CMDB) through its API or the console; there is no automatic import.',
  )
}
