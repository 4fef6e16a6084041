import { afterEach, describe, expect, it } from 'vitest'
import type { ShiftDto } from '../../../contract/oncall'
import { clock, dayPieces, localDays } from './week-days'

const op = { id: '00000000-0000-4000-8000-000000000001', username: 'operator', displayName: 'Operator' }
const rv = { id: '00000000-0000-4000-8000-000000000002', username: 'reviewer', displayName: 'Reviewer' }
const shift = (user: ShiftDto['user'], start: string, end: string, override = false): ShiftDto => ({
  user,
  start,
  end,
  override,
})
const tz = process.env.TZ

describe('the on-call week', () => {
  afterEach(() => {
    process.env.TZ = tz
  })

  it('shows one person on call all day as one line, not split at the rotation hand-off', () => {
    process.env.TZ = 'UTC'
    // Daily one-member rotation handing off at 09:00 Asia/Shanghai = 01:00 UTC.
    const shifts = [
      shift(op, '2026-03-01T00:00:00.000Z', '2026-03-01T01:00:00.000Z'),
      shift(op, '2026-03-01T01:00:00.000Z', '2026-03-02T01:00:00.000Z'),
      shift(op, '2026-03-02T01:00:00.000Z', '2026-03-03T00:00:00.000Z'),
    ]
    const [d1, d2] = localDays(new Date('2026-03-01T12:00:00Z'), 2)
    expect(
      dayPieces(shifts, d1!).map((p) => `${p.user.displayName} ${clock(p.start, d1!)}–${clock(p.end, d1!)}`),
    ).toEqual(['Operator 00:00–24:00'])
    expect(dayPieces(shifts, d2!)).toHaveLength(1)
  })

  it('keeps a real hand-off and an override apart', () => {
    process.env.TZ = 'UTC'
    const shifts = [
      shift(op, '2026-03-01T00:00:00.000Z', '2026-03-01T01:00:00.000Z'),
      shift(rv, '2026-03-01T01:00:00.000Z', '2026-03-01T10:00:00.000Z'),
      shift(rv, '2026-03-01T10:00:00.000Z', '2026-03-01T12:00:00.000Z', true),
      shift(op, '2026-03-01T12:00:00.000Z', '2026-03-02T00:00:00.000Z'),
    ]
    const [day] = localDays(new Date('2026-03-01T00:00:00Z'), 1)
    expect(
      dayPieces(shifts, day!).map((p) => [p.user.username, clock(p.start, day!), clock(p.end, day!), p.override]),
    ).toEqual([
      ['operator', '00:00', '01:00', false],
      ['reviewer', '01:00', '10:00', false],
      ['reviewer', '10:00', '12:00', true],
      ['operator', '12:00', '24:00', false],
    ])
  })

  it('starts every day at local midnight across a daylight-saving change', () => {
    process.env.TZ = 'Europe/Berlin'
    // Clocks go forward on 2026-03-29 in Berlin: that day has 23 hours.
    const days = localDays(new Date(2026, 2, 28, 15), 3)
    expect(days.map((d) => new Date(d.start).getHours())).toEqual([0, 0, 0])
    expect(days.map((d) => (d.end - d.start) / 3_600_000)).toEqual([24, 23, 24])
  })
})
