import { CronExpressionParser } from 'cron-parser'
import { type RefusalPhrase, refusal, renderRefusal } from '../../../contract/refusal-text'

/**
 * Schedule expressions: Quartz as bk-job documents it (`sec min hour day-of-month month day-of-week [year]`,
 * `?` for "no specific value", day-of-week 1–7 = SUN–SAT, `L`, `#`) and the usual 5-field cron. Both are
 * evaluated by cron-parser; a Quartz expression is first converted (day-of-week numbers shifted to cron's
 * 0–6, the year field accepted only as `*`/`?`/empty since cron-parser has none).
 */
export type CronKind = 'quartz' | 'cron'

/** A refused expression or time zone; the message is the phrase's English rendering. */
export class CronError extends Error {
  constructor(readonly phrase: RefusalPhrase) {
    super(renderRefusal(phrase, 'en-US'))
  }
}

/** Quartz day-of-week numbers (1 = SUN … 7 = SAT) to cron's (0 = SUN … 6 = SAT), names and steps untouched. */
function quartzDow(field: string): string {
  const shift = (n: string) => {
    const v = Number(n)
    if (v < 1 || v > 7) throw new CronError(refusal('cron.dow-range', { n }))
    return String(v - 1)
  }
  return field
    .split(',')
    .map((part) => {
      const [base, step] = part.split('/')
      const b = base!
        .replace(/^(\d+)-(\d+)$/, (_, a: string, z: string) => `${shift(a)}-${shift(z)}`)
        .replace(/^(\d+)(L|#\d+)?$/, (_, a: string, suffix = '') => `${shift(a)}${suffix}`)
      return step === undefined ? b : `${b}/${step}`
    })
    .join(',')
}

/** The kind of an expression and the 6-field form cron-parser evaluates. */
export function normalizeCron(expression: string): { kind: CronKind; parserExpression: string } {
  const fields = expression.trim().split(/\s+/)
  if (fields.length === 5) return { kind: 'cron', parserExpression: fields.join(' ') }
  if (fields.length === 6 || fields.length === 7) {
    const [sec, min, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string, string?]
    if (year !== undefined && year !== '*' && year !== '?') throw new CronError(refusal('cron.year', { year }))
    if (dom !== '?' && dow !== '?' && dom !== '*' && dow !== '*') throw new CronError(refusal('cron.dom-or-dow'))
    const qDow = dow === '?' ? '*' : quartzDow(dow.toUpperCase())
    const qDom = dom === '?' ? '*' : dom
    return { kind: 'quartz', parserExpression: [sec, min, hour, qDom, month, qDow].join(' ') }
  }
  throw new CronError(refusal('cron.field-count', { count: fields.length, expression }))
}

export function checkTimeZone(timeZone: string) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
  } catch {
    throw new CronError(refusal('cron.time-zone', { timeZone }))
  }
}

/** The next `count` fire times strictly after `from`, in the given IANA time zone. */
export function nextFires(expression: string, timeZone: string, from: Date, count = 5): Date[] {
  checkTimeZone(timeZone)
  const { parserExpression } = normalizeCron(expression)
  let it: ReturnType<typeof CronExpressionParser.parse>
  try {
    it = CronExpressionParser.parse(parserExpression, { tz: timeZone, currentDate: from })
  } catch (err) {
    throw new CronError(refusal('cron.invalid', { expression, reason: (err as Error).message }))
  }
  const out: Date[] = []
  for (let i = 0; i < count; i++) {
    if (!it.hasNext()) break
    out.push(it.next().toDate())
  }
  return out
}

/** Slots in (after, until], at most `max` (the missed fires of a downtime, newest last). */
export function slotsBetween(expression: string, timeZone: string, after: Date, until: Date, max = 100): Date[] {
  const out: Date[] = []
  let from = after
  while (out.length < max) {
    const [next] = nextFires(expression, timeZone, from, 1)
    if (!next || next > until) break
    out.push(next)
    from = next
  }
  return out
}
