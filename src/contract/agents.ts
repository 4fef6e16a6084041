import { z } from 'zod'
import { PatchScanResultSchema } from './patch-scan'

/**
 * The agent wire protocol: JSON text frames over one WebSocket per agent (`AGENT_WS_PATH`), shared by the
 * agent (src/agent) and the gateway (src/server/agents). A new agent authenticates the upgrade with an
 * enrollment token (`Authorization: Bearer oca_…`), sends `hello`, and gets its own secret in `welcome`; an
 * enrolled agent authenticates with that secret (`Authorization: Bearer ocs_…` plus `X-Agent-Sn: <agent_sn>`).
 */
export const AGENT_SN_HEADER = 'x-agent-sn'
export const AGENT_WS_PATH = '/api/agents/connect'
export const AGENT_PROTOCOL_VERSION = 1
/** Output of one command is capped at this many bytes (COC: "logs … can only be 1 MB"). */
export const OUTPUT_CAP_BYTES = 1024 * 1024

/** COC-style script types. BAT only runs on Windows agents. */
export const ScriptTypeSchema = z.enum(['SHELL', 'PYTHON', 'BAT'])
export type ScriptType = z.infer<typeof ScriptTypeSchema>

/** An agent_sn: 1–64 letters, digits, `_` or `-` (COC agent ids are 32 hex chars). */
export const AgentSnSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)

// ---- agent → gateway ----

export const HelloMessageSchema = z.object({
  type: z.literal('hello'),
  protocol: z.number().int(),
  agentSn: AgentSnSchema,
  hostname: z.string().min(1).max(128),
  ips: z.array(z.string().max(64)).max(32),
  /** `linux`, `darwin`, `windows`. */
  os: z.string().max(32),
  osName: z.string().max(128),
  arch: z.string().max(32),
  version: z.string().max(32),
  /** Whether the agent runs as root, so it can switch to an execute user. */
  isRoot: z.boolean(),
})

export const HeartbeatMessageSchema = z.object({
  type: z.literal('heartbeat'),
  seq: z.number().int(),
  running: z.number().int(),
})

/** The agent accepted a command (or refused it: `accepted: false` with a reason). */
export const AckMessageSchema = z.object({
  type: z.literal('ack'),
  commandId: z.string(),
  accepted: z.boolean(),
  reason: z.string().optional(),
})

export const OutputMessageSchema = z.object({
  type: z.literal('output'),
  commandId: z.string(),
  stream: z.enum(['stdout', 'stderr']),
  data: z.string(),
  /** When the agent read this output (epoch ms); absent from older agents (the server's time is used). */
  at: z.number().int().optional(),
})

export const ExitMessageSchema = z.object({
  type: z.literal('exit'),
  commandId: z.string(),
  /** Null when the process was killed by a signal or never started. */
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  timedOut: z.boolean(),
  canceled: z.boolean(),
  /** Output beyond OUTPUT_CAP_BYTES was dropped. */
  truncated: z.boolean(),
  durationMs: z.number().int(),
  /** Set when the script could not start (bad interpreter, unknown user …). */
  error: z.string().optional(),
  /** File pushes: what was written and how fast (`2 files, 200.0 MiB in 2.3 s (86.9 MiB/s)`). */
  summary: z.string().max(512).optional(),
})

/** The agent's answer to `patch-scan`: its package scan (see patch-scan.ts), or why it could not scan. */
export const PatchScanResultMessageSchema = z.object({
  type: z.literal('patch-scan-result'),
  commandId: z.string(),
  result: PatchScanResultSchema.optional(),
  error: z.string().optional(),
})

export const AgentMessageSchema = z.discriminatedUnion('type', [
  HelloMessageSchema,
  HeartbeatMessageSchema,
  AckMessageSchema,
  OutputMessageSchema,
  ExitMessageSchema,
  PatchScanResultMessageSchema,
])
export type AgentMessage = z.infer<typeof AgentMessageSchema>
export type HelloMessage = z.infer<typeof HelloMessageSchema>
export type ExitMessage = z.infer<typeof ExitMessageSchema>
export type PatchScanResultMessage = z.infer<typeof PatchScanResultMessageSchema>

// ---- gateway → agent ----

export const WelcomeMessageSchema = z.object({
  type: z.literal('welcome'),
  /** CMDB host id (bk_host_id) the agent was registered as. */
  hostId: z.number().int(),
  heartbeatSec: z.number().positive(),
  /**
   * Only on the hello that enrolled a new agent (with an enrollment token): its own secret, shown this once.
   * The agent keeps it (mode 0600 in its work dir) and from then on connects with it instead of the token.
   */
  credential: z.string().max(128).optional(),
})

/**
 * A file push (instead of a script): each file is downloaded from the console over HTTP(S) by its short-lived
 * signed path (relative to the server URL the agent connected to), streamed to a new file in `targetDir`
 * (no symlink followed, nothing overwritten in place), checked against its size and SHA-256, given `owner` and
 * `mode`, and renamed over the target name.
 */
export const PushSpecSchema = z.object({
  files: z
    .array(
      z.object({
        /** Absolute path + query on the console: `/api/files/<id>/content?…`. */
        path: z.string().startsWith('/').max(2048),
        name: z
          .string()
          .min(1)
          .max(255)
          .refine((n) => !n.includes('/') && !n.includes('\0') && n !== '.' && n !== '..', 'a plain file name'),
        size: z.number().int().min(0),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        /** Overrides targetDir for this file. */
        dir: z.string().startsWith('/').max(1024).optional(),
      }),
    )
    .min(1)
    .max(400),
  targetDir: z.string().startsWith('/').max(1024),
  /** Owner of the written files (and created directories); empty: the execute user. */
  owner: z.string().max(64).default(''),
  /** Octal mode, e.g. `644`. */
  mode: z.string().regex(/^0?[0-7]{3}$/),
})
export type PushCommandSpec = z.infer<typeof PushSpecSchema>

/**
 * A source host's part of a push: each path (absolute; `REGEX:<pattern>` as its last component matches the
 * directory's regular files) is streamed by HTTP PUT to `uploadPath` (signed, relative to the server URL) with
 * `&name=<file name>&path=<source path>` appended. Symlinks are not followed.
 */
export const FetchSpecSchema = z.object({
  paths: z.array(z.string().startsWith('/').max(1024)).min(1).max(20),
  uploadPath: z.string().startsWith('/').max(2048),
})
export type FetchCommandSpec = z.infer<typeof FetchSpecSchema>

export const RunCommandSchema = z.object({
  commandId: z.string().min(1).max(64),
  type: ScriptTypeSchema,
  script: z.string().max(100_000),
  /** Positional arguments ($1 … for SHELL, sys.argv[1:] for PYTHON). */
  params: z.array(z.string().max(1024)).max(20).default([]),
  timeoutSec: z.number().int().min(1).max(86_400),
  /** Execute user; honoured when the agent runs as root, otherwise the agent's own user runs it with a notice. */
  user: z.string().max(64).optional(),
  env: z.record(z.string(), z.string()).default({}),
  /** COC `resourceful: false`: run at the lowest CPU priority (nice 19) so the host's own work comes first. */
  lowPriority: z.boolean().default(false),
  /** Set for a file push: the agent transfers files instead of running `script` (which is empty). */
  push: PushSpecSchema.optional(),
  /** Set for a file fetch (a push's source host): the agent uploads these files to the console. */
  fetch: FetchSpecSchema.optional(),
})
export type RunCommand = z.infer<typeof RunCommandSchema>

/** The command travels nested, because `type` is both the message kind and the script type. */
export const RunMessageSchema = z.object({ type: z.literal('run'), command: RunCommandSchema })
/**
 * After a BFF restart: re-attach to a command the agent may still be running or has finished while no
 * gateway was connected. The agent acks (refusing with `unknown command` if it never had it), replays the
 * output it kept, and sends the exit if the command has ended. Nothing is run again.
 */
export const AttachMessageSchema = z.object({ type: z.literal('attach'), commandId: z.string() })
export const UNKNOWN_COMMAND = 'unknown command'
export const CancelMessageSchema = z.object({ type: z.literal('cancel'), commandId: z.string() })
export const PatchScanMessageSchema = z.object({ type: z.literal('patch-scan'), commandId: z.string() })
/** Sent before the gateway closes the socket on a protocol error or a replaced session. */
export const ErrorMessageSchema = z.object({ type: z.literal('error'), message: z.string() })

export const GatewayMessageSchema = z.discriminatedUnion('type', [
  WelcomeMessageSchema,
  RunMessageSchema,
  AttachMessageSchema,
  CancelMessageSchema,
  PatchScanMessageSchema,
  ErrorMessageSchema,
])
export type GatewayMessage = z.infer<typeof GatewayMessageSchema>

/** WebSocket close codes the agent reads to decide whether to retry. */
export const AGENT_CLOSE = {
  /**
   * Token or agent secret missing, unknown, revoked or expired, or a token used for an enrolled agent_sn:
   * retrying will not help until the credential changes.
   */
  unauthorized: 4401,
  /** The agent_sn belongs to another tenant, or the hello was malformed. */
  rejected: 4403,
  /** Another connection took over this agent_sn. */
  replaced: 4409,
  /** Missed too many heartbeats. */
  stale: 4408,
} as const
