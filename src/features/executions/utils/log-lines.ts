import type { LogMark, LogStream } from '../../../contract/executions'

export interface LogLine {
  text: string
  /** `stderr` when any of the line's text came from stderr; undefined where no mark covers the line. */
  stream?: LogStream
  /** When the line's first character was read. */
  at?: string
}

/**
 * Splits a log into lines with their stream and time from the marks (pieces of `length` characters, in order).
 * A line mixing both streams counts as stderr, so an error is never hidden among ordinary output.
 */
export function logLines(text: string, marks: readonly LogMark[]): LogLine[] {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text
  const raw = body.split('\n')
  // Mark boundaries as [end offset, mark].
  const ends: number[] = []
  let sum = 0
  for (const m of marks) {
    sum += m.length
    ends.push(sum)
  }
  const out: LogLine[] = []
  let offset = 0
  let k = 0 // the mark holding `offset`
  for (const line of raw) {
    const start = offset
    const end = offset + line.length + 1 // with its newline
    while (k < marks.length && ends[k]! <= start) k++
    if (k >= marks.length) {
      out.push({ text: line })
    } else {
      let stream: LogStream = marks[k]!.stream
      for (let j = k; j < marks.length && (j === k || ends[j - 1]! < end - 1); j++)
        if (marks[j]!.stream === 'stderr' && marks[j]!.length > 0) stream = 'stderr'
      out.push({ text: line, stream, at: marks[k]!.at })
    }
    offset = end
  }
  return out
}
