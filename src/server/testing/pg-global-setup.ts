import pg from 'pg'

/**
 * vitest globalSetup of the node project: when the tests ran against a PostgreSQL server
 * (TEST_DATABASE_URL), drop the per-worker template and any test database a crashed test left behind.
 */
export async function teardown() {
  const url = process.env.TEST_DATABASE_URL
  if (!url) return
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const { rows } = await client.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'oc\\_tmpl\\_%' OR datname LIKE 'oc\\_test\\_%'",
  )
  for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
  await client.end()
}
