import type { ShiftDto } from '../../../contract/oncall'

/** One line of a day column: who, from and until (ms, clipped to the day), and whether an override. */
export interface DayPiece {
  user: ShiftDto['user']
  start: number
  end: number
  override: boolean
}

/**
 * The local midnights of `count` days from `from`'s day, in the browser's time zone. Stepped by calendar
 * day, not by 24 h, so a day after a daylight-saving change still starts at 00:00 (not 01:00 or 23:00).
 */
export function localDays(from: Date, count: number): { start: number; end: number }[] {
  return Array.from({ length: count }, (_, i) => ({
    start: new Date(from.getFullYear(), from.getMonth(), from.getDate() + i).getTime(),
    end: new Date(from.getFullYear(), from.getMonth(), from.getDate() + i + 1).getTime(),
  }))
}

/**
 * Who is on call during one day, clipped to it. A rotation hands off at its own time in its own zone
 * (09:00 Asia/Shanghai is 01:00 UTC): when the shift before and after a hand-off belong to the same person
 * (a one-member rotation, or an override by the one on call), the pieces join, so the day does not show the
 * same person split at the hand-off.
 */
export function dayPieces(shifts: ShiftDto[], day: { start: number; end: number }): DayPiece[] {
  const out: DayPiece[] = []
  const sorted = shifts
    .map((s) => ({ user: s.user, start: Date.parse(s.start), end: Date.parse(s.end), override: s.override }))
    .sort((a, b) => a.start - b.start)
  for (const s of sorted) {
    if (s.start >= day.end || s.end <= day.start) continue
    const piece = { ...s, start: Math.max(s.start, day.start), end: Math.min(s.end, day.end) }
    const last = out.at(-1)
    if (last && last.end === piece.start && last.user.id === piece.user.id && last.override === piece.override)
      last.end = piece.end
    else out.push(piece)
  }
  return out
}

/** `HH:MM` in the browser's zone; the end of the day reads 24:00 (not 00:00, which reads as its start). */
export function clock(ms: number, day: { start: number; end: number }): string {
  if (ms === day.end) return '24:00'
  const d = new Date(ms)
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}
