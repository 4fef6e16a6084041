import { onCallAt, shiftsBetween } from '../../src/contract/oncall-rotation'
import { oncallRoutes, type Person } from '../../src/contract/oncall'
import { db } from '../db'
import { type MockSchedule, newMockId } from '../factories/oncall'
import { MockError, mockRoute } from '../mock-route'
import { requireScriptUser } from './script-access'
import { refusal } from '../../src/contract/refusal-text'

const person = (id: string): Person => {
  const u = db.users.find((x) => x.id === id)
  return { id, username: u?.username ?? id.slice(0, 8), displayName: u?.displayName ?? '?' }
}
const spec = (s: MockSchedule) => ({ ...s, members: s.memberIds })
const windows = (s: MockSchedule) =>
  s.overrides.map((o) => ({ userId: o.userId, start: Date.parse(o.startsAt), end: Date.parse(o.endsAt) }))

function dto(s: MockSchedule) {
  const now = onCallAt(spec(s), windows(s), Date.now())
  const { memberIds, overrides, ...rest } = s
  return {
    ...rest,
    members: memberIds.map(person),
    onCallNow: now ? person(now) : null,
    overrides: overrides
      .filter((o) => Date.parse(o.endsAt) > Date.now())
      .map(({ userId, ...o }) => ({ ...o, user: person(userId) })),
  }
}
const schedule = (id: string) => {
  const s = db.schedules.find((x) => x.id === id)
  if (!s) throw new MockError(404, 'NOT_FOUND', refusal('oncall.schedule-not-found', { id }))
  return s
}
const policyDto = (p: (typeof db.policies)[number]) => ({
  ...p,
  targetNames: Object.fromEntries(
    p.steps.flatMap((st) =>
      st.targets.map((t) => [
        t.id,
        t.type === 'schedule' ? (db.schedules.find((s) => s.id === t.id)?.name ?? '?') : person(t.id).displayName,
      ]),
    ),
  ),
})

export const oncallHandlers = [
  mockRoute(oncallRoutes.listSchedules, () => db.schedules.map(dto)),
  mockRoute(oncallRoutes.createSchedule, ({ body }) => {
    requireScriptUser()
    const s: MockSchedule = { ...body, id: newMockId(), overrides: [] }
    db.schedules.push(s)
    return dto(s)
  }),
  mockRoute(oncallRoutes.updateSchedule, ({ params, body }) => dto(Object.assign(schedule(params.scheduleId), body))),
  mockRoute(oncallRoutes.deleteSchedule, ({ params }) => {
    db.schedules = db.schedules.filter((s) => s.id !== schedule(params.scheduleId).id)
    return { ok: true as const }
  }),
  mockRoute(oncallRoutes.shifts, ({ params, query }) => {
    const s = schedule(params.scheduleId)
    return shiftsBetween(spec(s), windows(s), Date.parse(query.from), Date.parse(query.to)).map((x) => ({
      user: person(x.userId),
      start: new Date(x.start).toISOString(),
      end: new Date(x.end).toISOString(),
      override: x.override,
    }))
  }),
  mockRoute(oncallRoutes.createOverride, ({ params, body }) => {
    const s = schedule(params.scheduleId)
    s.overrides.push({ id: newMockId(), ...body, createdBy: requireScriptUser().username })
    return dto(s)
  }),
  mockRoute(oncallRoutes.deleteOverride, ({ params }) => {
    const s = schedule(params.scheduleId)
    s.overrides = s.overrides.filter((o) => o.id !== params.overrideId)
    return dto(s)
  }),
  mockRoute(oncallRoutes.listPolicies, () => db.policies.map(policyDto)),
  mockRoute(oncallRoutes.createPolicy, ({ body }) => {
    const p = { ...body, id: newMockId() } as (typeof db.policies)[number]
    db.policies.push(p)
    return policyDto(p)
  }),
  mockRoute(oncallRoutes.updatePolicy, ({ params, body }) => {
    const p = db.policies.find((x) => x.id === params.policyId)
    if (!p) throw new MockError(404, 'NOT_FOUND', 'Policy not found')
    return policyDto(Object.assign(p, body))
  }),
  mockRoute(oncallRoutes.deletePolicy, ({ params }) => {
    db.policies = db.policies.filter((p) => p.id !== params.policyId)
    return { ok: true as const }
  }),
  mockRoute(oncallRoutes.paging, () => ({
    status: 'notified' as const,
    policyName: db.policies[0]?.name ?? null,
    step: 0,
    acknowledgedBy: null,
    deliveries: [],
  })),
  mockRoute(oncallRoutes.people, () => db.users.filter((u) => !u.disabled).map((u) => person(u.id))),
]
