import type { User } from '../../src/contract/identity'
import type { ChannelValues } from '../../src/contract/notification-channels'
import type { PolicyValues, ScheduleBody } from '../../src/contract/oncall'

let seq = 0
const uuid = () => `00000000-0000-4000-9000-${String(++seq).padStart(12, '0')}`

export type MockSchedule = ScheduleBody & {
  id: string
  overrides: { id: string; userId: string; startsAt: string; endsAt: string; createdBy: string }[]
}
export type MockPolicy = PolicyValues & { id: string }
export type MockChannel = Omit<ChannelValues, 'secret'> & {
  id: string
  owner: string
  hasSecret: boolean
  createdAt: string
}

export const newMockId = uuid

/** The demo's on-call: operator in a daily rotation, admin as the second level (like the BFF's demo seed). */
export function buildDemoOncall(users: User[]): { schedules: MockSchedule[]; policies: MockPolicy[] } {
  const operator = users.find((u) => u.username === 'operator')!
  const admin = users.find((u) => u.username === 'admin')!
  const schedule: MockSchedule = {
    id: uuid(),
    name: 'Mall on-call',
    timeZone: 'Asia/Shanghai',
    rotation: 'daily',
    handoffTime: '09:00',
    startDate: '2026-01-01',
    memberIds: [operator.id],
    overrides: [],
  }
  const policy: MockPolicy = {
    id: uuid(),
    name: 'Mall incidents',
    applicationIds: [],
    incidentLevels: [],
    escalateLevels: ['level_10', 'level_20'],
    repeatCount: 1,
    steps: [
      { timeoutSec: 300, targets: [{ type: 'schedule', id: schedule.id }] },
      { timeoutSec: 900, targets: [{ type: 'user', id: admin.id }] },
    ],
  }
  return { schedules: [schedule], policies: [policy] }
}
