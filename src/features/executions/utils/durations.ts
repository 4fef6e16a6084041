import { formatDuration } from '../../../lib/format'

/** Run time of a ticket or host: start to finish, or to now while it runs; `—` before it starts. */
export function runDuration(startedAt: string | null, finishedAt: string | null, now = Date.now()): string {
  if (!startedAt) return '—'
  return formatDuration(Math.max(0, (finishedAt ? Date.parse(finishedAt) : now) - Date.parse(startedAt)))
}
