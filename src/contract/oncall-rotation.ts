/**
 * Who is on call, computed from a schedule's rotation: pure functions shared by the BFF (paging), the SPA
 * (calendar) and the mocks. Hand-offs happen at a wall-clock time in the schedule's IANA time zone, so a
 * daily 09:00 hand-off stays at 09:00 local across DST changes (the shift around the change is 23 or 25 h).
 */

export type Rotation = 'daily' | 'weekly'

export interface RotationSpec {
  /** IANA zone, e.g. `Asia/Shanghai`, `Europe/Berlin`. */
  timeZone: string
  rotation: Rotation
  /** Local hand-off time `HH:MM`. */
  handoffTime: string
  /** Local date `YYYY-MM-DD` of the first hand-off: members[0] is on call from then. */
  startDate: string
  /** User ids in rotation order. */
  members: string[]
}

export interface Override {
  userId: string
  /** Epoch ms, start inclusive, end exclusive. */
  start: number
  end: number
}

export interface Shift {
  userId: string
  start: number
  end: number
  /** The shift comes from an override, not the rotation. */
  override: boolean
}

const DAY_MS = 86_400_000

/** Offset of `zone` from UTC at instant `ms`, in ms (e.g. +8 h for Asia/Shanghai). */
export function zoneOffset(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms))
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value)
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'))
  return asUtc - Math.floor(ms / 1000) * 1000
}

/**
 * The instant of a local wall-clock time in `timeZone`. In a DST overlap it is the first occurrence; in a gap
 * (02:30 on a spring-forward night) the time is moved forward by the gap (03:30), as Temporal's `compatible`.
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number)
  const [hh, mm] = time.split(':').map(Number)
  const wall = Date.UTC(y, m - 1, d, hh, mm)
  const before = wall - zoneOffset(wall - DAY_MS, timeZone)
  const after = wall - zoneOffset(wall + DAY_MS, timeZone)
  const valid = [before, after].filter((c) => c + zoneOffset(c, timeZone) === wall)
  return valid.length ? Math.min(...valid) : before
}

/** The local calendar date `YYYY-MM-DD` of an instant in `timeZone`. */
export function localDate(ms: number, timeZone: string): string {
  return new Date(ms + zoneOffset(ms, timeZone)).toISOString().slice(0, 10)
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
const mod = (a: number, n: number) => ((a % n) + n) % n

/** Number of the rotation shift containing `at` (0 = the one starting at startDate; negative before it). */
function indexAt(spec: RotationSpec, at: number): number {
  const length = spec.rotation === 'weekly' ? 7 : 1
  let day = localDate(at, spec.timeZone)
  if (at < zonedTimeToUtc(day, spec.handoffTime, spec.timeZone)) day = addDays(day, -1)
  return Math.floor(daysBetween(spec.startDate, day) / length)
}

/** The rotation shift (no overrides) that contains `at`, or null without members. */
export function shiftAt(spec: RotationSpec, at: number): Shift | null {
  if (!spec.members.length) return null
  return shiftByIndex(spec, indexAt(spec, at))
}

function shiftByIndex(spec: RotationSpec, index: number): Shift {
  const length = spec.rotation === 'weekly' ? 7 : 1
  const first = addDays(spec.startDate, index * length)
  return {
    userId: spec.members[mod(index, spec.members.length)],
    start: zonedTimeToUtc(first, spec.handoffTime, spec.timeZone),
    end: zonedTimeToUtc(addDays(first, length), spec.handoffTime, spec.timeZone),
    override: false,
  }
}

/**
 * Everyone on call in [from, to): the rotation's shifts clipped to the window, with overrides carved in
 * (the latest override wins where overrides overlap). Adjacent pieces of one person are not merged.
 */
export function shiftsBetween(spec: RotationSpec, overrides: Override[], from: number, to: number): Shift[] {
  const base: Shift[] = []
  if (spec.members.length) {
    for (let i = indexAt(spec, from); base.length < 1000; i++) {
      const s = shiftByIndex(spec, i)
      if (s.start >= to) break
      base.push({ ...s, start: Math.max(s.start, from), end: Math.min(s.end, to) })
    }
  }
  let out = base
  for (const o of overrides) {
    if (o.end <= from || o.start >= to || o.end <= o.start) continue
    const next: Shift[] = []
    for (const s of out) {
      if (s.end <= o.start || s.start >= o.end) next.push(s)
      else {
        if (s.start < o.start) next.push({ ...s, end: o.start })
        if (s.end > o.end) next.push({ ...s, start: o.end })
      }
    }
    next.push({ userId: o.userId, start: Math.max(o.start, from), end: Math.min(o.end, to), override: true })
    out = next.sort((a, b) => a.start - b.start)
  }
  return out
}

/** Who is on call at `at`, overrides first (the latest one given wins), then the rotation. */
export function onCallAt(spec: RotationSpec, overrides: Override[], at: number): string | null {
  for (let i = overrides.length - 1; i >= 0; i--) {
    const o = overrides[i]
    if (o.start <= at && at < o.end) return o.userId
  }
  return shiftAt(spec, at)?.userId ?? null
}
