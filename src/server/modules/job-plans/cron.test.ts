import { describe, expect, it } from 'vitest'
import { CronError, nextFires, normalizeCron, slotsBetween } from './cron'

const at = (iso: string) => new Date(iso)
const iso = (ds: Date[]) => ds.map((d) => d.toISOString())

describe('schedule expressions', () => {
  it('reads bk-job Quartz expressions (seconds first, ?) and 5-field cron alike', () => {
    expect(normalizeCron('0 0/5 * * * ?')).toEqual({ kind: 'quartz', parserExpression: '0 0/5 * * * *' })
    expect(normalizeCron('*/5 * * * *').kind).toBe('cron')
    const from = at('2026-01-01T00:01:00Z')
    expect(iso(nextFires('0 0/5 * * * ?', 'UTC', from, 3))).toEqual([
      '2026-01-01T00:05:00.000Z',
      '2026-01-01T00:10:00.000Z',
      '2026-01-01T00:15:00.000Z',
    ])
    expect(iso(nextFires('*/5 * * * *', 'UTC', from, 2))).toEqual([
      '2026-01-01T00:05:00.000Z',
      '2026-01-01T00:10:00.000Z',
    ])
  })

  it('shifts Quartz day-of-week numbers (1 = SUN) to cron (0 = SUN), also in L and #', () => {
    // 2026-01-05 is a Monday. Quartz 2 = MON.
    expect(iso(nextFires('0 0 12 ? * 2', 'UTC', at('2026-01-01T00:00:00Z'), 1))).toEqual(['2026-01-05T12:00:00.000Z'])
    // 6L = the last Friday: 2026-01-30.
    expect(iso(nextFires('0 15 10 ? * 6L', 'UTC', at('2026-01-01T00:00:00Z'), 1))).toEqual(['2026-01-30T10:15:00.000Z'])
    // 2#1 = the first Monday of the month.
    expect(iso(nextFires('0 0 9 ? * 2#1', 'UTC', at('2026-01-10T00:00:00Z'), 1))).toEqual(['2026-02-02T09:00:00.000Z'])
    // Ranges and names: MON-FRI is 2-6.
    expect(iso(nextFires('0 0 8 ? * 2-6', 'UTC', at('2026-01-03T00:00:00Z'), 1))).toEqual(['2026-01-05T08:00:00.000Z'])
    expect(iso(nextFires('0 0 8 ? * MON-FRI', 'UTC', at('2026-01-03T00:00:00Z'), 1))).toEqual([
      '2026-01-05T08:00:00.000Z',
    ])
  })

  it('evaluates in the schedule’s time zone', () => {
    // 02:00 in Shanghai (UTC+8) is 18:00 UTC the day before.
    expect(iso(nextFires('0 0 2 * * ?', 'Asia/Shanghai', at('2026-03-01T00:00:00Z'), 1))).toEqual([
      '2026-03-01T18:00:00.000Z',
    ])
    expect(iso(nextFires('0 2 * * *', 'Asia/Shanghai', at('2026-03-01T00:00:00Z'), 1))).toEqual([
      '2026-03-01T18:00:00.000Z',
    ])
  })

  it('refuses what it cannot honour, with a reason', () => {
    expect(() => normalizeCron('* * *')).toThrow(CronError)
    expect(() => normalizeCron('0 0 12 * * ? 2027')).toThrow(/year/)
    expect(() => normalizeCron('0 0 12 1 * 2')).toThrow(/either day-of-month or day-of-week/)
    expect(() => nextFires('0 0 12 ? * 9', 'UTC', new Date())).toThrow(/outside 1–7/)
    expect(() => nextFires('0 61 * * * ?', 'UTC', new Date())).toThrow(CronError)
    expect(() => nextFires('0 0 * * * ?', 'Mars/Olympus', new Date())).toThrow(/time zone/)
  })

  it('lists the slots missed in a window', () => {
    const slots = slotsBetween('0 */10 * * * ?', 'UTC', at('2026-01-01T00:00:00Z'), at('2026-01-01T00:35:00Z'))
    expect(iso(slots)).toEqual(['2026-01-01T00:10:00.000Z', '2026-01-01T00:20:00.000Z', '2026-01-01T00:30:00.000Z'])
  })
})
