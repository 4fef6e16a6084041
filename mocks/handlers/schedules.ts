import { type Schedule, scheduleRoutes } from '../../src/contract/schedules'
import { db, page } from '../db'
import { MockError, mockRoute } from '../mock-route'
import { requireScriptUser } from './script-access'
import { refusal } from '../../src/contract/refusal-text'

/**
 * The mock evaluates plain expressions only (numbers, `*`, `?`, ranges, lists, steps; UTC): enough for the
 * pages in dev:mock and tests. The BFF evaluates everything (L, #, names, time zones) with cron-parser.
 */
function fieldMatches(field: string, v: number, min: number): boolean {
  return field.split(',').some((part) => {
    const [base, stepText] = part.split('/')
    const step = stepText ? Number(stepText) : 1
    let lo = min
    let hi = Number.MAX_SAFE_INTEGER
    if (base !== '*' && base !== '?') {
      const [a, b] = base!.split('-')
      lo = Number(a)
      hi = b !== undefined ? Number(b) : stepText ? Number.MAX_SAFE_INTEGER : lo
    }
    return v >= lo && v <= hi && (v - lo) % step === 0
  })
}

function mockNext(expression: string, count = 5): { kind: 'quartz' | 'cron'; next: string[] } {
  const f = expression.trim().split(/\s+/)
  if (f.some((x) => !/^[\d*?,/-]+$/.test(x)))
    throw new MockError(400, 'VALIDATION', 'the mock reads plain expressions only')
  const kind = f.length === 5 ? 'cron' : 'quartz'
  if (f.length < 5 || f.length > 7) throw new MockError(400, 'VALIDATION', `expected 5 or 6–7 fields, got ${f.length}`)
  const [sec, min, hour, dom, mon, dow] = kind === 'cron' ? ['0', ...f] : f
  const out: string[] = []
  const t = new Date(Math.floor(Date.now() / 1000) * 1000 + 1000)
  for (let i = 0; i < 400_000 && out.length < count; i++, t.setUTCSeconds(t.getUTCSeconds() + 1)) {
    const wd = kind === 'cron' ? t.getUTCDay() : t.getUTCDay() + 1
    if (
      fieldMatches(sec!, t.getUTCSeconds(), 0) &&
      fieldMatches(min!, t.getUTCMinutes(), 0) &&
      fieldMatches(hour!, t.getUTCHours(), 0) &&
      fieldMatches(dom!, t.getUTCDate(), 1) &&
      fieldMatches(mon!, t.getUTCMonth() + 1, 1) &&
      fieldMatches(dow!, wd, kind === 'cron' ? 0 : 1)
    )
      out.push(t.toISOString())
  }
  return { kind, next: out }
}

function find(id: string) {
  const s = db.planSchedules.find((x) => x.id === id)
  if (!s) throw new MockError(404, 'NOT_FOUND', refusal('schedule.not-found', { id }))
  return s
}

const refresh = (s: Schedule): Schedule => ({ ...s, next: mockNext(s.expression).next })

export const scheduleHandlers = [
  mockRoute(scheduleRoutes.list, ({ query }) => {
    requireScriptUser()
    const p = page(
      db.planSchedules.filter((s) => !query.planId || s.planId === query.planId),
      query.page,
      query.pageSize,
    )
    return { ...p, items: p.items.map(refresh) }
  }),
  mockRoute(scheduleRoutes.preview, ({ body }) => mockNext(body.expression)),
  mockRoute(scheduleRoutes.create, ({ body }) => {
    const user = requireScriptUser()
    const plan = db.jobPlans.find((p) => p.id === body.planId)
    if (!plan) throw new MockError(404, 'NOT_FOUND', 'Job plan not found')
    const { kind, next } = mockNext(body.expression)
    const s: Schedule = {
      id: crypto.randomUUID(),
      name: body.name,
      planId: plan.id,
      planName: plan.name,
      expression: body.expression,
      kind,
      timeZone: body.timeZone,
      catchUp: body.catchUp,
      enabled: false,
      variables: body.variables,
      next,
      lastFireAt: null,
      creatorName: user.username,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    }
    db.planSchedules.unshift(s)
    return s
  }),
  mockRoute(scheduleRoutes.detail, ({ params }) => refresh(find(params.scheduleId))),
  mockRoute(scheduleRoutes.update, ({ params, body }) => {
    const s = find(params.scheduleId)
    Object.assign(s, body, { kind: mockNext(body.expression).kind, updatedAt: new Date().toISOString() })
    return refresh(s)
  }),
  mockRoute(scheduleRoutes.setEnabled, ({ params, body }) => {
    const s = find(params.scheduleId)
    s.enabled = body.enabled
    return refresh(s)
  }),
  mockRoute(scheduleRoutes.fires, ({ params, query }) => {
    find(params.scheduleId)
    return page(db.scheduleFires[params.scheduleId] ?? [], query.page, query.pageSize)
  }),
]
