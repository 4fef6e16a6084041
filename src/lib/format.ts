import type { Locale } from '../contract/common'

/** Local date-time for tables: `2026-11-23 10:04:05`. */
export function formatTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  const p = (n: number) => String(n).padStart(2, '0')
  const date = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
  return `${date} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/**
 * A date for reading rather than scanning a column (review links, notices): the reader's language and time
 * zone, e.g. `Nov 23, 2026, 10:04 AM` or `2026年11月23日 10:04`.
 */
export function formatLocalDateTime(iso: string | number | null | undefined, locale: Locale): string {
  if (iso === null || iso === undefined || iso === '') return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d)
}

const UNITS = {
  'en-US': { s: ' s', min: ' min', h: ' h' },
  'zh-CN': { s: ' 秒', min: ' 分钟', h: ' 小时' },
} as const

/** `95 s`, `12 min`, `3 h 5 min` (`12 分钟` in Chinese). */
export function formatDuration(ms: number, locale: Locale = 'en-US'): string {
  const u = UNITS[locale]
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}${u.s}`
  const min = Math.floor(s / 60)
  if (min < 60) return `${min}${u.min}`
  return `${Math.floor(min / 60)}${u.h} ${min % 60}${u.min}`
}
