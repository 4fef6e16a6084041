import { Logger } from 'graphile-worker'

/** The app's log, as far as the job queue needs it (pino's FastifyBaseLogger fits). */
export interface JobLog {
  error: (obj: object, msg: string) => void
  warn: (obj: object, msg: string) => void
  info: (obj: object, msg: string) => void
  debug: (obj: object, msg: string) => void
}

/**
 * graphile-worker's log lines into the app's structured log. Its `info` lines (worker started, job
 * completed) go to debug: one line per job would drown the log of a busy console.
 */
export function jobLogger(log: JobLog): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const obj = { ...scope, ...meta, component: 'job-queue' }
    if (level === 'error') log.error(obj, message)
    else if (level === 'warning') log.warn(obj, message)
    else log.debug(obj, message)
  })
}

/** For the schema migrator: errors only (they also reach the caller as a thrown error). */
export function quietJobLogger(): Logger {
  return new Logger(() => (level, message) => {
    if (level === 'error') console.error(`job queue: ${message}`)
  })
}
