import type { Locale } from '../../../contract/common'
import type { ExecutionDetail } from '../../../contract/executions'
import { formatDuration } from '../../../lib/format'

/** Run time of a ticket or host: start to finish, or to now while it runs; `—` before it starts. */
export function runDuration(
  startedAt: string | null,
  finishedAt: string | null,
  now = Date.now(),
  locale: Locale = 'en-US',
): string {
  if (!startedAt) return '—'
  return formatDuration(Math.max(0, (finishedAt ? Date.parse(finishedAt) : now) - Date.parse(startedAt)), locale)
}

/**
 * Time the ticket spent working: the sum of its batches' run times. A paused ticket has no batch running
 * (or only the one still finishing its hosts), so the figure stops while it waits for CONTINUE, unlike
 * wall-clock time since the start. A batch still running counts up to `now`.
 */
export function activeMs(batches: ExecutionDetail['batches'], now = Date.now()): number | null {
  let total = 0
  let started = false
  for (const b of batches) {
    if (!b.startedAt) continue
    started = true
    const end = b.finishedAt ? Date.parse(b.finishedAt) : b.status === 'PROCESSING' ? now : Date.parse(b.startedAt)
    total += Math.max(0, end - Date.parse(b.startedAt))
  }
  return started ? total : null
}

/** Whether some batch is running now, so a duration display should tick. */
export const isBatchRunning = (batches: ExecutionDetail['batches']) => batches.some((b) => b.status === 'PROCESSING')
