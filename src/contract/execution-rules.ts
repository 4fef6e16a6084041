import { utcStamp } from './common'
import { type FieldIssue, fieldIssue, refusal } from './refusal-text'

/**
 * Limits of COC script execution (seed 001 §4.2.6, research/coc-sdk.md §6.7): at most 200 hosts per run,
 * 10 per batch, 20 batches; timeout 5–1800 s; success rate 1–100 with one decimal; execute user 1–32.
 */
export const EXECUTION_LIMITS = {
  hostsMax: 200,
  hostsPerBatchMax: 10,
  batchesMax: 20,
  timeoutMin: 5,
  timeoutMax: 1800,
  successRateMin: 1,
  successRateMax: 100,
  executeUserMax: 32,
  ordersLimitMax: 100,
  instancesLimitMax: 50,
  executeUuidMax: 26,
  /** A plan step's ticket (bk-job steps, seed 002) may run up to 86400 s, beyond the COC API's 1800. */
  stepTimeoutMax: 86_400,
} as const

/**
 * The longest timeout a relaunch (Run again / Retry with edits) of a ticket may ask for: the COC cap, or the
 * ticket's own timeout when it is longer (a plan step's ticket), never beyond the plan step limit.
 */
export function relaunchTimeoutMax(ticketTimeout: number): number {
  return Math.min(EXECUTION_LIMITS.stepTimeoutMax, Math.max(EXECUTION_LIMITS.timeoutMax, ticketTimeout))
}

export const ORDER_STATUSES = ['READY', 'PROCESSING', 'ABNORMAL', 'PAUSED', 'CANCELED', 'FINISHED'] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]
/** ROLLBACKED is in the seed's enum but nothing here rolls back, so no instance ever has it. */
export const INSTANCE_STATUSES = ['READY', 'PROCESSING', 'ABNORMAL', 'CANCELED', 'FINISHED'] as const
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number]
/** Console-side batch states (COC exposes only the rotation strategy of a batch). */
export const BATCH_STATUSES = ['READY', 'PROCESSING', 'FINISHED', 'ABNORMAL', 'SKIPPED', 'CANCELED'] as const
export type BatchStatus = (typeof BATCH_STATUSES)[number]
export const ROTATION_STRATEGIES = ['CONTINUE', 'PAUSE'] as const
export type RotationStrategy = (typeof ROTATION_STRATEGIES)[number]

/**
 * The seed's five operations, plus RETRY_INSTANCE (the seed's own request example sends it) and the console's
 * RETRY_FAILED.
 */
export const OPERATION_TYPES = [
  'CANCEL_INSTANCE',
  'SKIP_BATCH',
  'CANCEL_ORDER',
  'PAUSE_ORDER',
  'CONTINUE_ORDER',
  'RETRY_INSTANCE',
  'RETRY_FAILED',
] as const
export type OperationType = (typeof OPERATION_TYPES)[number]

export const TERMINAL_ORDER: readonly OrderStatus[] = ['ABNORMAL', 'CANCELED', 'FINISHED']
export const TERMINAL_INSTANCE: readonly InstanceStatus[] = ['ABNORMAL', 'CANCELED', 'FINISHED']

/** `SCT` + yyyyMMddHHmmss + 9 random hex digits = 26 characters, like the seed's `SCT2023083109562601af694bf`. */
export function formatExecuteUuid(now: Date, randomHex: string): string {
  return `SCT${utcStamp(now)}${randomHex.slice(0, 9).padEnd(9, '0')}`
}

/**
 * COC list filters `start_time`/`end_time` are int64 in the SDK but capped at 2147483647 in the spec (seconds),
 * while every time the API returns is epoch milliseconds. Accept both: small values are seconds.
 */
export function epochMs(value: number): number {
  return value < 100_000_000_000 ? value * 1000 : value
}

/** Labels of the statuses, zh and en, for the console (COC returns only the codes). */
export const ORDER_STATUS_LABELS: Record<OrderStatus, { zh: string; en: string }> = {
  READY: { zh: '待执行', en: 'Ready' },
  PROCESSING: { zh: '执行中', en: 'Running' },
  ABNORMAL: { zh: '异常', en: 'Abnormal' },
  PAUSED: { zh: '已暂停', en: 'Paused' },
  CANCELED: { zh: '已取消', en: 'Canceled' },
  FINISHED: { zh: '成功', en: 'Finished' },
}
/** Every instance status is also a ticket status, with the same words. */
export const INSTANCE_STATUS_LABELS = Object.fromEntries(
  INSTANCE_STATUSES.map((st) => [st, ORDER_STATUS_LABELS[st]]),
) as Record<InstanceStatus, { zh: string; en: string }>

/** A field that makes a run request fail, as the BFF's ValidationError details and the mocks' 400 carry it. */
export type RunIssue = FieldIssue

/**
 * Whether a script may run now (BFF and mocks alike): only an APPROVED revision runs, and a HIGH-risk script
 * needs the caller's explicit confirmation where the console asks for it (`confirmHighRisk` false refuses;
 * undefined is the COC API, which has no such flag). Empty when it may run.
 */
export function scriptRunIssues(
  script: { name: string; status: string; riskLevel: string },
  confirmHighRisk?: boolean | null,
): RunIssue[] {
  if (script.status !== 'APPROVED')
    return [
      fieldIssue(
        'script_uuid',
        refusal('ticket.script-not-approved', { script: script.name, scriptStatus: script.status }),
      ),
    ]
  if (confirmHighRisk === false && script.riskLevel === 'HIGH')
    return [fieldIssue('confirm_high_risk', refusal('ticket.confirm-high-risk', { script: script.name }))]
  return []
}

/** The batch layout of a run request: batch_index 1..n without gaps or repeats, at most `hostsMax` hosts. */
export function batchLayoutIssues(batches: { batch_index: number; target_instances: unknown[] }[]): RunIssue[] {
  const issues: RunIssue[] = []
  const sorted = [...batches].sort((a, b) => a.batch_index - b.batch_index)
  if (sorted.some((b, i) => b.batch_index !== i + 1))
    issues.push(fieldIssue('execute_batches', refusal('ticket.batch-gaps')))
  const hosts = batches.reduce((n, b) => n + b.target_instances.length, 0)
  if (hosts > EXECUTION_LIMITS.hostsMax)
    issues.push(
      fieldIssue(
        'execute_batches',
        refusal('ticket.batches-too-many-hosts', { max: EXECUTION_LIMITS.hostsMax, count: hosts }),
      ),
    )
  return issues
}

/** Run again: every host, or only those that failed (ABNORMAL or CANCELED). */
export function runsAgain(status: InstanceStatus, hosts: 'all' | 'failed') {
  return hosts === 'all' || status === 'ABNORMAL' || status === 'CANCELED'
}

/** Run again with `hosts: 'failed'` when none failed. */
export const NOTHING_FAILED: RunIssue = fieldIssue('hosts', refusal('ticket.nothing-failed'))
