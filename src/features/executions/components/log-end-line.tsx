import type { InstanceLog } from '../../../contract/executions'
import { formatDuration, formatTime } from '../../../lib/format'
import { fmt, useLocale } from '../../../lib/i18n'
import { useNow } from '../../../lib/use-now'
import { useExecutionMessages } from '../executions-messages'

const COLOR = { FINISHED: '#389e0d', ABNORMAL: '#cf1322', CANCELED: '#595959', PROCESSING: '#0958d9', READY: '#595959' }

/**
 * The line under a host's log: when it started and ended and how (exit code, timeout, lost agent …), with a
 * duration that ticks while the host runs. Kept out of the log text so the downloaded log stays the output.
 */
export function LogEndLine({ log }: { log: InstanceLog }) {
  const m = useExecutionMessages()
  const { locale } = useLocale()
  const running = log.status === 'PROCESSING'
  const now = useNow(running)
  const start = log.startedAt ? Date.parse(log.startedAt) : null
  const end = log.finishedAt ? Date.parse(log.finishedAt) : running ? now : null
  const d = start !== null && end !== null ? formatDuration(Math.max(0, end - start), locale) : '—'
  const outcome =
    start === null
      ? m.log.notStarted
      : running
        ? fmt(m.log.stillRunning, { d })
        : log.exitCode === 0
          ? fmt(m.log.exitOk, { d })
          : log.exitCode !== null
            ? fmt(m.log.exitCode, { code: log.exitCode, d })
            : fmt(m.log.exitOther, { d, message: log.message || log.status })
  return (
    <div
      role="status"
      aria-label={m.log.endLabel}
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: '4px 16px',
        fontSize: 12,
        fontFamily: 'ui-monospace, monospace',
      }}
    >
      <strong style={{ color: COLOR[log.status] }}>{outcome}</strong>
      {log.startedAt && <span>{fmt(m.log.started, { at: formatTime(log.startedAt) })}</span>}
      {log.finishedAt && <span>{fmt(m.log.finished, { at: formatTime(log.finishedAt) })}</span>}
      {log.message && log.exitCode !== null && log.exitCode !== 0 && <span>{log.message}</span>}
    </div>
  )
}
