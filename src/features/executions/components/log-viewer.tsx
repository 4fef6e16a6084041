import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { LogMark } from '../../../contract/executions'
import { logLines } from '../utils/log-lines'

const LINE_HEIGHT = 18
/** Read by screen readers, not shown. */
const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clipPath: 'inset(50%)',
  whiteSpace: 'nowrap',
} as const
const OVERSCAN = 30

export interface LogViewerProps {
  text: string
  /** Stream and time of the text's pieces: stderr lines are marked, each line shows its time. */
  marks?: readonly LogMark[]
  /** Show each line's time (HH:MM:SS, the reader's clock). */
  showTimes?: boolean
  /** Screen-reader word for a stderr line. */
  stderrLabel?: string
  /** Keep the view at the end as lines arrive. */
  isFollowing: boolean
  /** Case-insensitive term to highlight. */
  search: string
  /** A line to bring into view (search navigation). */
  focusLine?: number
  label: string
  height?: number
}

function highlight(line: string, term: string): ReactNode {
  if (!term) return line
  const lower = line.toLowerCase()
  const parts: ReactNode[] = []
  let at = 0
  for (let i = lower.indexOf(term); i !== -1; i = lower.indexOf(term, i + term.length)) {
    parts.push(line.slice(at, i), <mark key={i}>{line.slice(i, i + term.length)}</mark>)
    at = i + term.length
  }
  parts.push(line.slice(at))
  return parts
}

/** HH:MM:SS on the reader's clock. */
function clock(iso: string) {
  const d = new Date(iso)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/**
 * A log of up to 1 MB (~20k lines) without 20k DOM nodes: a fixed line height and a spacer as tall as the
 * whole log, with only the lines in view (plus an overscan) rendered. Text is rendered as React text, so
 * script output can never inject markup.
 */
export function LogViewer({
  text,
  marks = [],
  showTimes = true,
  stderrLabel = 'stderr',
  isFollowing,
  search,
  focusLine,
  label,
  height = 480,
}: LogViewerProps) {
  const ref = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const lines = useMemo(() => logLines(text, marks), [text, marks])
  const hasTimes = showTimes && marks.length > 0
  const term = search.toLowerCase()

  useLayoutEffect(() => {
    const el = ref.current
    if (!el || !isFollowing) return
    // Computed rather than read back: jsdom has no layout, and the browser clamps it anyway.
    const end = Math.max(0, lines.length * LINE_HEIGHT + 16 - (el.clientHeight || height))
    el.scrollTop = end
    setScrollTop(end)
  }, [lines.length, isFollowing, height])

  useLayoutEffect(() => {
    const el = ref.current
    if (!el || focusLine === undefined) return
    el.scrollTop = Math.max(0, focusLine * LINE_HEIGHT - height / 3)
    setScrollTop(el.scrollTop)
  }, [focusLine, height])

  // jsdom has no layout: fall back to the configured height.
  const viewport = ref.current?.clientHeight || height
  const first = Math.max(0, Math.floor(scrollTop / LINE_HEIGHT) - OVERSCAN)
  const last = Math.min(lines.length, Math.ceil((scrollTop + viewport) / LINE_HEIGHT) + OVERSCAN)
  // Keyed by line number: a line's number is its identity in an append-only log.
  const visible = lines.slice(first, last).map((line, k) => ({ no: first + k + 1, ...line }))

  return (
    // Focusable so keyboard users can scroll it (WCAG 2.1.1, axe scrollable-region-focusable).
    <div
      ref={ref}
      role="log"
      aria-label={label}
      tabIndex={0}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      style={{
        height,
        overflow: 'auto',
        position: 'relative',
        background: '#141414',
        color: '#e8e8e8',
        borderRadius: 6,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
        fontSize: 12,
      }}
    >
      <div style={{ height: lines.length * LINE_HEIGHT + 16, position: 'relative' }}>
        <div style={{ position: 'absolute', top: first * LINE_HEIGHT + 8, left: 0, right: 0 }}>
          {visible.map((line) => (
            <div
              key={line.no}
              data-line={line.no}
              data-stream={line.stream}
              style={{
                height: LINE_HEIGHT,
                lineHeight: `${LINE_HEIGHT}px`,
                whiteSpace: 'pre',
                padding: '0 12px 0 9px',
                borderLeft: `3px solid ${line.stream === 'stderr' ? '#ff4d4f' : 'transparent'}`,
                color: line.stream === 'stderr' ? '#ffa39e' : undefined,
                background:
                  focusLine === line.no - 1
                    ? 'rgba(250, 219, 20, 0.15)'
                    : line.stream === 'stderr'
                      ? 'rgba(255, 77, 79, 0.08)'
                      : undefined,
              }}
            >
              <span aria-hidden style={{ display: 'inline-block', width: 48, color: '#595959', userSelect: 'none' }}>
                {line.no}
              </span>
              {hasTimes && (
                <time
                  dateTime={line.at}
                  style={{ display: 'inline-block', width: 72, color: '#8c8c8c', userSelect: 'none' }}
                >
                  {line.at ? clock(line.at) : ''}
                </time>
              )}
              {line.stream === 'stderr' && <span style={VISUALLY_HIDDEN}>{`${stderrLabel}: `}</span>}
              {highlight(line.text, term)}
            </div>
          ))}
        </div>
      </div>
    </div>
  )
}
