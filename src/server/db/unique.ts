import type { Db, Tx } from './client'

/** True when a database error is a unique-constraint violation (SQLSTATE 23505), wherever the driver put the code. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | undefined
  return e?.code === '23505' || e?.cause?.code === '23505'
}

/**
 * Runs a change in one transaction; a unique index refusing it (two concurrent creates both passed the name
 * check, or a rename onto a taken name) becomes the caller's own error, e.g. a 409 naming the field.
 */
export async function uniqueOr<T>(db: Db, conflict: () => Error, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(fn)
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict()
    throw err
  }
}
