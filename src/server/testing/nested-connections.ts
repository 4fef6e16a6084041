import { AsyncLocalStorage } from 'node:async_hooks'
import { appendFileSync } from 'node:fs'
import type { DbHandle } from '../db/client'

const openedBy = new AsyncLocalStorage<string>()

/**
 * Watches a test database for a connection taken from the pool while a transaction's callback runs: the
 * transaction holds one connection and waits for a second, so a burst of such requests on a small pool (each
 * replica has 5) deadlocks the replica. Every nesting is handed to `report` with where the transaction was
 * opened; the query's own stack rarely says more (drizzle's queries are thenables).
 */
export function watchNestedConnections(handle: DbHandle, report: (where: string) => void): DbHandle {
  const { db, pool } = handle
  const transaction = db.transaction.bind(db)
  db.transaction = ((fn: (tx: unknown) => Promise<unknown>, config?: unknown) => {
    const opener = new Error('transaction opened').stack ?? ''
    return transaction((tx) => openedBy.run(opener, () => fn(tx)), config as never)
  }) as typeof db.transaction
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown
  ;(pool as { connect: unknown }).connect = (...args: unknown[]) => {
    const opener = openedBy.getStore()
    if (opener) report(opener)
    return connect(...args)
  }
  return handle
}

/** What every test database does: the query fails, naming where the transaction was opened. */
export function failNesting(where: string): never {
  throw new Error(
    `a transaction took a second pooled connection (read through the pool inside it; pass tx or read before):\n${where}`,
  )
}

/** The survey mode: POOL_NESTING_LOG=<file> appends each nesting's transaction opener there instead. */
export function logNesting(file: string) {
  return (where: string) =>
    appendFileSync(
      file,
      `${where
        .split('\n')
        .filter((l) => l.includes('/src/') && !l.includes('/testing/'))
        .slice(0, 6)
        .join('\n')}\n----\n`,
    )
}

/** The guard every test pool carries: fail a nesting, or list it when POOL_NESTING_LOG names a file. */
export function guardTestPool(handle: DbHandle): DbHandle {
  const log = process.env.POOL_NESTING_LOG
  return watchNestedConnections(handle, log ? logNesting(log) : failNesting)
}
