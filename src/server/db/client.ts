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
    listen: async (channel, fn) => {
      await client.listen(channel, fn)
    },
    notify: async (channel, payload) => {
      await client.query('SELECT pg_notify($1, $2)', [channel, payload])
    },
    // One in-process instance: its notifications cannot be lost to a dropped connection.
    onListenReset: () => {},
    close: () => client.close(),
  }
}

export function fromPgPool(pool: pg.Pool): DbHandle {
  const listener = new PgListener(pool.options)
  return {
    db: drizzlePg(pool, { schema }) as unknown as Db,
    kind: 'postgres',
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
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload])
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
