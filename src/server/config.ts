import path from 'node:path'

/** Runtime configuration, read once from the environment (see README "Configuration"). */
export interface Config {
  port: number
  host: string
  /** Data directory: the embedded PostgreSQL server's data (`pg/`), the generated secret key. */
  dataDir: string
  /** When set, PostgreSQL at this URL replaces the embedded server. */
  databaseUrl: string | undefined
  /** Connections each replica's pool opens at most (DB_POOL_SIZE). */
  poolSize: number
  /** The embedded server's port on 127.0.0.1 (EMBEDDED_PG_PORT); 0: a free one at each start. */
  embeddedPgPort: number
  /** `user:password` for the first admin; otherwise a password is generated and printed once. */
  adminBootstrap: string | undefined
  /** `ak:sk` access key for the bootstrap admin. */
  accessKeyBootstrap: string | undefined
  /** `code:secret`: a BlueKing job API app registered in the default tenant at start (CONSOLE_BK_APP). */
  bkAppBootstrap: string | undefined
  /** Largest file the file library accepts, in bytes (FILE_MAX_MB, default 1024). */
  fileMaxBytes: number
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
  /** Lifetime of a review link in hours (REVIEW_LINK_HOURS, default 72). */
  reviewLinkHours: number
  /** `all`: every reviewer must approve; `any`: the first approval suffices (SCRIPT_REVIEW_MODE). */
  scriptReviewMode: 'all' | 'any'
  /** Base URL for links in e-mails and webhooks (PUBLIC_URL); in-console links are relative. */
  publicUrl: string
  /** `smtp://[user:pass@]host[:port]`; review e-mails are sent only when set. */
  smtpUrl: string | undefined
  smtpFrom: string
  /** Refuse to send e-mail unless the server upgrades to TLS (SMTP_REQUIRE_TLS=1). */
  smtpRequireTls: boolean
  /** Check the SMTP server's certificate (SMTP_TLS_REJECT_UNAUTHORIZED, default 1). */
  smtpTlsRejectUnauthorized: boolean
  /** Robot webhooks for the DING_TALK / WE_LINK / WECHAT review protocols; each channel only when set. */
  webhooks: { DING_TALK?: string; WE_LINK?: string; WECHAT?: string }
  /** CONSOLE_INTEGRATION_KEY: an alarm integration key created in the default tenant at start. */
  integrationKeyBootstrap: string | undefined
  /** WARROOM_AUTO_OPEN (default 1): a P1/P2 incident with a region opens a war room by itself. */
  warRoomAutoOpen: boolean
  /**
   * Seconds a lost agent (or every agent after a BFF restart) has to come back before its runs count as lost
   * (EXECUTION_REATTACH_SEC).
   */
  executionReattachSec: number
  /** Password checks per username+IP per window (LOGIN_MAX_ATTEMPTS, default 5; LOGIN_WINDOW_SEC, default 900). */
  loginMaxAttempts: number
  loginWindowSec: number
  /** MEDIUM: MEDIUM and HIGH scripts need a reviewer who is not the author; LOW: every script (SCRIPT_REVIEW_REQUIRED_FROM). */
  scriptReviewRequiredFrom: 'LOW' | 'MEDIUM'
  /** General API rate limit per client IP and window (API_RATE_LIMIT_MAX, 0 disables; API_RATE_LIMIT_WINDOW_SEC). */
  apiRateLimitMax: number
  apiRateLimitWindowSec: number
  /** Seconds a replica's lease on a running ticket lasts unrenewed: another replica takes over after it (EXECUTION_LEASE_SEC). */
  executionLeaseSec: number
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy: boolean
  /** Cron pattern of the scheduled patch scans of all online hosts (PATCH_SCAN_CRON; empty or `off` disables). */
  patchScanCron: string | undefined
  /** After an outage, scan slots missed within this many minutes run once at start (PATCH_SCAN_BACKFILL_MIN). */
  patchScanBackfillMin: number
  /** A running scan order without progress for this long is closed as interrupted (PATCH_SCAN_STUCK_MIN). */
  patchScanStuckMin: number
  /** Run this replica's job-queue worker (JOB_WORKER, default 1; PostgreSQL only). */
  jobWorker: boolean
  /**
   * A replica whose job workers have not beaten for this long is dead: the jobs they held are run by the others
   * (JOB_WORKER_DEAD_SEC, default 30).
   */
  jobWorkerDeadSec: number
  /** Jobs one replica's worker runs at once (JOB_CONCURRENCY). */
  jobConcurrency: number
  /** A schedule fire starting this many seconds after its slot counts as missed (SCHEDULE_LATE_SEC, default 60). */
  scheduleLateSec: number
  /** Attempts of a notification before it counts as failed (NOTIFY_MAX_ATTEMPTS); retries back off exponentially. */
  notifyMaxAttempts: number
  /** Retention (issue 18): cron of the purge job and the periods in days, 0 keeping rows forever. */
  retention: {
    cron: string | undefined
    ticketLogDays: number
    alarmDays: number
    auditDays: number
    inboxDays: number
    batchSize: number
  }
}

/** A cron pattern from the environment: unset → the default, empty or `off` → disabled. */
function cronOf(value: string | undefined, fallback: string) {
  if (value === undefined) return fallback
  return value.trim() === '' || value.trim() === 'off' ? undefined : value.trim()
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = process.cwd()
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(root, env.DATA_DIR ?? 'var'),
    databaseUrl: env.DATABASE_URL || undefined,
    poolSize: Math.max(2, Number(env.DB_POOL_SIZE || 10)),
    embeddedPgPort: Number(env.EMBEDDED_PG_PORT || 0),
    adminBootstrap: env.CONSOLE_ADMIN || undefined,
    accessKeyBootstrap: env.CONSOLE_ACCESS_KEY || undefined,
    bkAppBootstrap: env.CONSOLE_BK_APP || undefined,
    fileMaxBytes: Math.max(1, Number(env.FILE_MAX_MB || 1024)) * 1024 * 1024,
    demoSeed: (env.DEMO_SEED ?? '1') !== '0',
    secretKey: env.CONSOLE_SECRET_KEY || undefined,
    staticDir: env.STATIC_DIR === '' ? undefined : path.resolve(root, env.STATIC_DIR ?? 'dist'),
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.SECURE_COOKIES === '1',
    sessionHours: Number(env.SESSION_HOURS ?? 12),
    agentHeartbeatSec: Number(env.AGENT_HEARTBEAT_SEC ?? 5),
    agentMissedBeats: Number(env.AGENT_MISSED_BEATS ?? 3),
    reviewLinkHours: Number(env.REVIEW_LINK_HOURS ?? 72),
    scriptReviewMode: env.SCRIPT_REVIEW_MODE === 'any' ? 'any' : 'all',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT ?? 8080}`).replace(/\/$/, ''),
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM ?? 'ops-console@localhost',
    smtpRequireTls: env.SMTP_REQUIRE_TLS === '1',
    smtpTlsRejectUnauthorized: env.SMTP_TLS_REJECT_UNAUTHORIZED !== '0',
    webhooks: {
      DING_TALK: env.DING_TALK_WEBHOOK_URL || undefined,
      WE_LINK: env.WE_LINK_WEBHOOK_URL || undefined,
      WECHAT: env.WECHAT_WEBHOOK_URL || undefined,
    },
    trustProxy: env.TRUST_PROXY === '1',
    loginMaxAttempts: positive(env.LOGIN_MAX_ATTEMPTS, 5),
    loginWindowSec: positive(env.LOGIN_WINDOW_SEC, 900),
    scriptReviewRequiredFrom: reviewThreshold(env.SCRIPT_REVIEW_REQUIRED_FROM),
    apiRateLimitMax: Number(env.API_RATE_LIMIT_MAX ?? 60_000),
    apiRateLimitWindowSec: positive(env.API_RATE_LIMIT_WINDOW_SEC, 60),
    warRoomAutoOpen: (env.WARROOM_AUTO_OPEN ?? '1') !== '0',
    executionReattachSec: Number(env.EXECUTION_REATTACH_SEC ?? 60),
    executionLeaseSec: Number(env.EXECUTION_LEASE_SEC ?? 15),
    integrationKeyBootstrap: env.CONSOLE_INTEGRATION_KEY || undefined,
    patchScanCron: cronOf(env.PATCH_SCAN_CRON, '0 */6 * * *'),
    patchScanBackfillMin: Number(env.PATCH_SCAN_BACKFILL_MIN ?? 0),
    patchScanStuckMin: Number(env.PATCH_SCAN_STUCK_MIN ?? 30),
    jobWorker: (env.JOB_WORKER ?? '1') !== '0',
    jobWorkerDeadSec: Number(env.JOB_WORKER_DEAD_SEC ?? 30),
    jobConcurrency: Number(env.JOB_CONCURRENCY ?? 4),
    notifyMaxAttempts: Number(env.NOTIFY_MAX_ATTEMPTS ?? 8),
    scheduleLateSec: positive(env.SCHEDULE_LATE_SEC, 60),
    retention: {
      cron: cronOf(env.RETENTION_CRON, '30 3 * * *'),
      ticketLogDays: Number(env.RETENTION_TICKET_LOG_DAYS ?? 90),
      alarmDays: Number(env.RETENTION_ALARM_DAYS ?? 180),
      auditDays: Number(env.RETENTION_AUDIT_DAYS ?? 365),
      inboxDays: Number(env.RETENTION_INBOX_DAYS ?? 90),
      batchSize: Number(env.RETENTION_BATCH_SIZE ?? 1000),
    },
  }
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value)
  return value && Number.isFinite(n) && n > 0 ? n : fallback
}

/** The review policy can be made stricter (LOW) but never looser than MEDIUM (issue 13 #6). */
function reviewThreshold(value: string | undefined): 'LOW' | 'MEDIUM' {
  if (value === undefined || value === '' || value.toUpperCase() === 'MEDIUM') return 'MEDIUM'
  if (value.toUpperCase() === 'LOW') return 'LOW'
  throw new Error(`SCRIPT_REVIEW_REQUIRED_FROM must be LOW or MEDIUM, not ${value}`)
}
