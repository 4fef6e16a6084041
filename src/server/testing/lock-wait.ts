import type pg from 'pg'

/** Waits until some other session of the database waits for a row lock; `what` names that session in the error. */
export async function waitForLockWait(client: pg.Client, what: string) {
  for (let i = 0; i < 200; i++) {
    const { rows } = await client.query(
      "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
    )
    if (rows.length) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`${what} never waited for the approval row lock`)
}
