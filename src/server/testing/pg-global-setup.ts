import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { type EmbeddedServer, startEmbeddedPostgres } from '../db/embedded-postgres'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server the node tests make their databases on. */
    testDatabaseUrl: string
    /** This run's prefix part: test databases are `oc_test_<runId>_…`, templates `oc_tmpl_<runId>_…`. */
    testRunId: string
    /** DATA_DIR of every app the node tests build (files, agents, secret.key): a temp dir, never `var/`. */
    testDataDir: string
  }
}

/**
 * vitest globalSetup of the node project: every server test runs on a real PostgreSQL server. Without
 * TEST_DATABASE_URL one embedded server is started for the run (temp dir, free port, fsync off) and removed
 * afterwards; with it, that server is used and teardown drops only this run's databases (other runs and
 * other people may share the server).
 */
export async function setup(project: TestProject) {
  const runId = randomBytes(4).toString('hex')
  let url = process.env.TEST_DATABASE_URL
  let server: EmbeddedServer | undefined
  let dir: string | undefined
  if (!url) {
    dir = mkdtempSync(path.join(tmpdir(), 'oc-test-pg-'))
    chmodSync(dir, 0o755) // as root the server runs as `postgres`, which must reach its data dir
    server = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    })
    url = server.url
  }
  project.provide('testDatabaseUrl', url)
  project.provide('testRunId', runId)
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oc-test-data-'))
  chmodSync(dataDir, 0o755) // as root, agents and the embedded server may run as other users
  project.provide('testDataDir', dataDir)

  return async () => {
    rmSync(dataDir, { recursive: true, force: true })
    if (server) {
      await server.stop()
      rmSync(dir!, { recursive: true, force: true })
      return
    }
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2',
      [`oc\\_tmpl\\_${runId}\\_%`, `oc\\_test\\_${runId}\\_%`],
    )
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
    await client.end()
  }
}
