/**
 * Whether an error means the database cannot be reached right now (restarting, down, cut off, out of
 * connections) rather than that the request or the code is wrong: such a request answers 503 with Retry-After,
 * which clients and the SPA retry, instead of an opaque 500. Drizzle wraps the driver's error in `cause`.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as ErrorLike | undefined, depth = 0; e && depth < 5; e = e.cause as ErrorLike, depth++) {
    const code = typeof e.code === 'string' ? e.code : ''
    if (NODE_CODES.has(code) || SQLSTATES.has(code) || code.startsWith('08')) return true
    if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true
  }
  return false
}

interface ErrorLike {
  code?: unknown
  message?: unknown
  cause?: unknown
}

/** The socket to the server could not be made or was lost. */
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'])
/**
 * PostgreSQL's: admin_shutdown, crash_shutdown, cannot_connect_now (starting up or recovering),
 * too_many_connections; class 08 (connection exceptions) is matched by prefix.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300'])
/** node-postgres and pg-pool say these without a code. */
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused/i
