import { describe, expect, it } from 'vitest'
import type { LogMark } from '../../../contract/executions'
import { logLines } from './log-lines'

const T1 = '2026-11-28T10:00:01.000Z'
const T2 = '2026-11-28T10:00:02.000Z'
const mark = (text: string, stream: LogMark['stream'], at: string): LogMark => ({ length: text.length, stream, at })

describe('logLines', () => {
  it('gives each line the stream and time of the piece it starts in', () => {
    const a = 'one\ntwo\n'
    const b = 'oops\n'
    const c = 'three\n'
    const lines = logLines(a + b + c, [mark(a, 'stdout', T1), mark(b, 'stderr', T2), mark(c, 'stdout', T2)])
    expect(lines).toEqual([
      { text: 'one', stream: 'stdout', at: T1 },
      { text: 'two', stream: 'stdout', at: T1 },
      { text: 'oops', stream: 'stderr', at: T2 },
      { text: 'three', stream: 'stdout', at: T2 },
    ])
  })

  it('marks a line as stderr when part of it came from stderr', () => {
    const lines = logLines('ok: bad\nnext\n', [
      mark('ok: ', 'stdout', T1),
      mark('bad\n', 'stderr', T2),
      mark('next\n', 'stdout', T2),
    ])
    expect(lines.map((l) => l.stream)).toEqual(['stderr', 'stdout'])
    expect(lines[0]!.at).toBe(T1)
  })

  it('leaves text past the marks unmarked (a log stored before marks were kept)', () => {
    expect(logLines('a\nb', [mark('a\n', 'stderr', T1)])).toEqual([
      { text: 'a', stream: 'stderr', at: T1 },
      { text: 'b' },
    ])
    expect(logLines('plain\n', [])).toEqual([{ text: 'plain' }])
  })
})
