import type { Principal } from '../../lib/principal'
import type { UsersService } from '../identity/users.service'
import type { PoliciesService } from './policies.service'
import type { SchedulesService } from './schedules.service'

export const DEMO_SCHEDULE = 'Mall on-call'
export const DEMO_POLICY = 'Mall incidents'

/**
 * Demo on-call for the Mall business: a daily rotation with `operator` on call (Asia/Shanghai, 09:00
 * hand-off) and a policy for every application: the on-call first, the admin after 5 minutes, P1/P2
 * escalating. Runs once (skipped when the schedule exists or a demo user is missing).
 */
export async function seedDemoOncall(
  deps: { users: Pick<UsersService, 'tenantUsers'>; schedules: SchedulesService; policies: PoliciesService },
  tenantId: string,
  adminName: string,
) {
  const found = await deps.users.tenantUsers(tenantId, ['operator', adminName])
  const operator = found.find((u) => u.username === 'operator')
  const admin = found.find((u) => u.username === adminName)
  if (!operator || !admin) return
  if ((await deps.schedules.list(tenantId)).some((s) => s.name === DEMO_SCHEDULE)) return
  const actor = { userId: admin.id, username: 'system', tenantId } as Principal
  const schedule = await deps.schedules.create(actor, {
    name: DEMO_SCHEDULE,
    timeZone: 'Asia/Shanghai',
    rotation: 'daily',
    handoffTime: '09:00',
    startDate: '2026-01-01',
    memberIds: [operator.id],
  })
  await deps.policies.create(actor, {
    name: DEMO_POLICY,
    applicationIds: [],
    incidentLevels: [],
    escalateLevels: ['level_10', 'level_20'],
    repeatCount: 1,
    steps: [
      { timeoutSec: 300, targets: [{ type: 'schedule', id: schedule.id }] },
      { timeoutSec: 900, targets: [{ type: 'user', id: admin.id }] },
    ],
  })
}
