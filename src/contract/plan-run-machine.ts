import type { RunStatus, StepKind, StepStatus } from './job-plans'

/**
 * The plan-run state machine, pure: which step starts next, and what a step's outcome does to the step and
 * the run. The server applies it under the run's row lock; the SPA reads the same tables for its buttons.
 */
export const RUN_TERMINAL: readonly RunStatus[] = ['finished', 'failed', 'canceled', 'rejected']
/** Steps the run has passed. */
export const STEP_DONE: readonly StepStatus[] = ['finished', 'ignored']

export interface MachineStep {
  kind: StepKind
  status: StepStatus
  ignoreErrors: boolean
}

export type RunAction =
  | { type: 'start'; index: number; kind: StepKind }
  | { type: 'finish' }
  /** A step ended badly without being settled into the run (defensive: the run follows it). */
  | { type: 'stop'; index: number; status: 'failed' | 'canceled' }

/** What the run does now: start the first step not passed, finish when all are, or nothing (it waits). */
export function nextRunAction(run: { status: RunStatus; steps: MachineStep[] }): RunAction | null {
  if (run.status !== 'running') return null
  const index = run.steps.findIndex((s) => !STEP_DONE.includes(s.status))
  if (index < 0) return { type: 'finish' }
  const step = run.steps[index]!
  if (step.status === 'pending') return { type: 'start', index, kind: step.kind }
  if (step.status === 'failed' || step.status === 'canceled') return { type: 'stop', index, status: step.status }
  return null
}

export type StepOutcome = 'ok' | 'failed' | 'canceled'

/**
 * A step's outcome: `ok` passes; a failure stops the run unless the step ignores errors (then `ignored`, the
 * run goes on); a cancel (ticket canceled, confirmation terminated, approval rejected or timed out) stops it
 * likewise, as `canceled` (or `rejected` for an approval step).
 */
export function settleStep(step: MachineStep, outcome: StepOutcome): { step: StepStatus; run: RunStatus | null } {
  if (outcome === 'ok') return { step: 'finished', run: null }
  if (step.ignoreErrors && step.kind !== 'approval' && step.kind !== 'confirm') return { step: 'ignored', run: null }
  if (outcome === 'failed') return { step: 'failed', run: 'failed' }
  return { step: 'canceled', run: step.kind === 'approval' ? 'rejected' : 'canceled' }
}

/** A ticket's terminal status as a step outcome; null while it runs (READY, PROCESSING, PAUSED). */
export function ticketOutcome(status: string): StepOutcome | null {
  if (status === 'FINISHED') return 'ok'
  if (status === 'ABNORMAL') return 'failed'
  if (status === 'CANCELED') return 'canceled'
  return null
}

/** Runs that can still be canceled. */
export function canCancelRun(status: RunStatus): boolean {
  return !RUN_TERMINAL.includes(status)
}
