import { type EmbeddedOptions, type EmbeddedServer, startEmbeddedPostgres } from './embedded-postgres'

const FIRST_RETRY_MS = 500
const MAX_RETRY_MS = 30_000

export interface SupervisedDatabase {
  /** The server running now (a new one after each restart; same port, data and password). */
  readonly current: EmbeddedServer
  /** How many times the server was started again after dying. */
  readonly restarts: number
  /** Stops supervising, then the server (shutdown). */
  stop(): Promise<void>
}

/**
 * Keeps `npm start`'s embedded PostgreSQL server running, as the primary keeps its replicas: a server that dies
 * (the OOM killer, kill -9, a crash) is started again on the same port and data directory. PostgreSQL replays its
 * WAL at start, so every committed change is there; the replicas' connection pools reconnect by themselves.
 * Orphaned backends of a killed server hold its shared memory for a moment, so a start that fails is tried again
 * with a growing delay (0.5 s … 30 s) until it succeeds or the console stops.
 */
export function superviseEmbedded(
  first: EmbeddedServer,
  options: EmbeddedOptions,
  log: (line: string) => void,
  start: (opts: EmbeddedOptions) => Promise<EmbeddedServer> = startEmbeddedPostgres,
): SupervisedDatabase {
  let current = first
  let restarts = 0
  let stopping = false
  let reviving: Promise<void> | undefined
  // The wait between tries ends early when the console stops.
  let wake = () => {}
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })

  const revive = async (why: string) => {
    log(`embedded PostgreSQL stopped unexpectedly (${why}); starting it again on port ${current.port}`)
    for (let delay = FIRST_RETRY_MS; !stopping; delay = Math.min(delay * 2, MAX_RETRY_MS)) {
      try {
        const started = performance.now()
        const next = await start({ ...options, port: current.port })
        if (stopping) return void (await next.stop())
        current = next
        restarts++
        watch(next)
        log(`embedded PostgreSQL is running again (${Math.round(performance.now() - started)} ms)`)
        return
      } catch (err) {
        log(`embedded PostgreSQL did not start: ${(err as Error).message.split('\n')[0]}; next try in ${delay} ms`)
        await pause(delay)
      }
    }
  }
  const watch = (server: EmbeddedServer) =>
    server.onUnexpectedExit((why) => {
      if (stopping) return
      reviving = revive(why).finally(() => {
        reviving = undefined
      })
    })
  watch(first)

  return {
    get current() {
      return current
    },
    get restarts() {
      return restarts
    },
    async stop() {
      stopping = true
      wake()
      await reviving
      await current.stop()
    },
  }
}
