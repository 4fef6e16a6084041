import type { DbHandle } from './client'

/** The PostgreSQL server's version and the time it started (a restart after a crash shows as a recent one). */
export async function serverInfo(handle: Pick<DbHandle, 'query'>): Promise<{ version: string; startedAt: Date }> {
  const [row] = await handle.query<{ version: string; started_at: Date }>(
    "SELECT current_setting('server_version') AS version, pg_postmaster_start_time() AS started_at",
  )
  return { version: row!.version, startedAt: new Date(row!.started_at) }
}
