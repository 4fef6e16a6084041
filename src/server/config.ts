import path from 'node:path'

/** Runtime configuration, read once from the environment (see README "Configuration"). */
export interface Config {
  port: number
  host: string
  /** Data directory: PGlite files, the generated secret key. */
  dataDir: string
  /** When set, PostgreSQL at this URL replaces the embedded PGlite. */
  databaseUrl: string | undefined
  /** `user:password` for the first admin; otherwise a password is generated and printed once. */
  adminBootstrap: string | undefined
  /** `ak:sk` access key for the bootstrap admin. */
  accessKeyBootstrap: string | undefined
  /** Seed the demo tenant data (demo users …). */
  demoSeed: boolean
  /** 32-byte hex/base64 master key; generated into the data dir when absent. */
  secretKey: string | undefined
  /** Serve the built SPA from here. */
  staticDir: string | undefined
  logLevel: string
  /** Mark cookies `Secure` (behind HTTPS). */
  secureCookies: boolean
  sessionHours: number
  /** Heartbeat interval told to agents (AGENT_HEARTBEAT_SEC). */
  agentHeartbeatSec: number
  /** Missed heartbeats before an agent is OFFLINE (AGENT_MISSED_BEATS). */
  agentMissedBeats: number
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy: boolean
  /** Minutes between scheduled patch scans of all online hosts (0 disables). */
  patchScanIntervalMin: number
  /** Seconds after start before the first scheduled scan. */
  patchScanFirstDelaySec: number
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = process.cwd()
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(root, env.DATA_DIR ?? 'var'),
    databaseUrl: env.DATABASE_URL || undefined,
    adminBootstrap: env.CONSOLE_ADMIN || undefined,
    accessKeyBootstrap: env.CONSOLE_ACCESS_KEY || undefined,
    demoSeed: (env.DEMO_SEED ?? '1') !== '0',
    secretKey: env.CONSOLE_SECRET_KEY || undefined,
    staticDir: env.STATIC_DIR === '' ? undefined : path.resolve(root, env.STATIC_DIR ?? 'dist'),
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.SECURE_COOKIES === '1',
    sessionHours: Number(env.SESSION_HOURS ?? 12),
    agentHeartbeatSec: Number(env.AGENT_HEARTBEAT_SEC ?? 5),
    agentMissedBeats: Number(env.AGENT_MISSED_BEATS ?? 3),
    trustProxy: env.TRUST_PROXY === '1',
    patchScanIntervalMin: Number(env.PATCH_SCAN_INTERVAL_MIN ?? 360),
    patchScanFirstDelaySec: Number(env.PATCH_SCAN_FIRST_DELAY_SEC ?? 60),
  }
}
