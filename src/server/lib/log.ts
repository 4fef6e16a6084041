/**
 * What services log through: the app's pino logger (a child per module) satisfies it, so engine lines, dropped
 * errors and transitions reach the same log as requests, with the same redaction.
 */
export interface Log {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
  debug(obj: object, msg: string): void
}

/** For unit tests that build a service by hand and assert nothing about its log. */
export const SILENT_LOG: Log = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} }
