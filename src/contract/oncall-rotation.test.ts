import { describe, expect, it } from 'vitest'
import { localDate, onCallAt, type RotationSpec, shiftAt, shiftsBetween, zonedTimeToUtc } from './oncall-rotation'

const utc = (iso: string) => Date.parse(iso)
const daily: RotationSpec = {
  timeZone: 'Asia/Shanghai',
  rotation: 'daily',
  handoffTime: '09:00',
  startDate: '2026-03-01',
  members: ['ann', 'bob', 'cid'],
}

describe('zonedTimeToUtc', () => {
  it('converts a wall time in a zone without DST', () => {
    expect(zonedTimeToUtc('2026-03-01', '09:00', 'Asia/Shanghai')).toBe(utc('2026-03-01T01:00:00Z'))
  })
  it('takes the first occurrence in an overlap and moves forward in a gap (Europe/Berlin)', () => {
    // 2026-10-25 02:30 happens twice in Berlin (CEST then CET).
    expect(zonedTimeToUtc('2026-10-25', '02:30', 'Europe/Berlin')).toBe(utc('2026-10-25T00:30:00Z'))
    // 2026-03-29 02:30 does not exist: clocks jump 02:00 → 03:00.
    expect(zonedTimeToUtc('2026-03-29', '02:30', 'Europe/Berlin')).toBe(utc('2026-03-29T01:30:00Z'))
  })
})

describe('daily rotation', () => {
  it('hands off at the local time, in member order, wrapping around', () => {
    expect(shiftAt(daily, utc('2026-03-01T01:00:00Z'))?.userId).toBe('ann')
    expect(shiftAt(daily, utc('2026-03-02T00:59:59Z'))?.userId).toBe('ann')
    expect(shiftAt(daily, utc('2026-03-02T01:00:00Z'))?.userId).toBe('bob')
    expect(shiftAt(daily, utc('2026-03-04T02:00:00Z'))?.userId).toBe('ann')
    // Before the start the rotation runs backwards: the day before was cid's.
    expect(shiftAt(daily, utc('2026-02-28T12:00:00Z'))?.userId).toBe('cid')
  })

  it('keeps the 09:00 local hand-off across a DST change (a 23-hour shift)', () => {
    const berlin: RotationSpec = { ...daily, timeZone: 'Europe/Berlin', startDate: '2026-03-28' }
    const s = shiftAt(berlin, utc('2026-03-28T12:00:00Z'))!
    expect(s.userId).toBe('ann')
    expect(new Date(s.start).toISOString()).toBe('2026-03-28T08:00:00.000Z') // 09:00 CET
    expect(new Date(s.end).toISOString()).toBe('2026-03-29T07:00:00.000Z') // 09:00 CEST
    expect((s.end - s.start) / 3_600_000).toBe(23)
    expect(shiftAt(berlin, utc('2026-03-29T07:00:00Z'))?.userId).toBe('bob')
    expect(localDate(utc('2026-03-29T07:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29')
  })
})

describe('weekly rotation', () => {
  it('hands off every 7 days at the local time', () => {
    const weekly: RotationSpec = { ...daily, rotation: 'weekly', timeZone: 'America/New_York', startDate: '2026-11-02' }
    const s = shiftAt(weekly, utc('2026-11-05T12:00:00Z'))!
    expect(s.userId).toBe('ann')
    expect(new Date(s.start).toISOString()).toBe('2026-11-02T14:00:00.000Z') // 09:00 EST
    expect(shiftAt(weekly, utc('2026-11-09T14:00:00Z'))?.userId).toBe('bob')
    expect(shiftAt(weekly, utc('2026-11-09T13:59:00Z'))?.userId).toBe('ann')
  })
})

describe('overrides and next shifts', () => {
  it('an override replaces whoever is on call in its period', () => {
    const o = [{ userId: 'dan', start: utc('2026-03-01T05:00:00Z'), end: utc('2026-03-01T07:00:00Z') }]
    expect(onCallAt(daily, o, utc('2026-03-01T06:00:00Z'))).toBe('dan')
    expect(onCallAt(daily, o, utc('2026-03-01T07:00:00Z'))).toBe('ann')
  })

  it('lists the shifts of a window with the override carved in', () => {
    const o = [{ userId: 'dan', start: utc('2026-03-02T03:00:00Z'), end: utc('2026-03-02T05:00:00Z') }]
    const shifts = shiftsBetween(daily, o, utc('2026-03-01T12:00:00Z'), utc('2026-03-03T12:00:00Z'))
    expect(shifts.map((s) => [s.userId, new Date(s.start).toISOString().slice(5, 16), s.override])).toEqual([
      ['ann', '03-01T12:00', false],
      ['bob', '03-02T01:00', false],
      ['dan', '03-02T03:00', true],
      ['bob', '03-02T05:00', false],
      ['cid', '03-03T01:00', false],
    ])
    expect(shifts.at(-1)!.end).toBe(utc('2026-03-03T12:00:00Z'))
  })

  it('nobody is on call without members', () => {
    expect(onCallAt({ ...daily, members: [] }, [], Date.now())).toBeNull()
    expect(shiftsBetween({ ...daily, members: [] }, [], 0, 1000)).toEqual([])
  })
})
