import type { Role, User } from '../../src/contract/identity'

let seq = 0
const uuid = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`
export const MOCK_TENANT_ID = '00000000-0000-4000-8000-0000000000aa'

/** A user as the BFF returns it; `password` is only for the mock login. */
export function buildUser(overrides: Partial<User> & { password?: string } = {}): User & { password: string } {
  const role: Role = overrides.role ?? 'operator'
  return {
    id: uuid(),
    username: role,
    displayName: `${role[0].toUpperCase()}${role.slice(1)} Demo`,
    email: null,
    role,
    tenantId: MOCK_TENANT_ID,
    tenantName: 'default',
    disabled: false,
    createdAt: '2026-11-01T08:00:00.000Z',
    password: `${role}-demo-1`,
    ...overrides,
  }
}

export function buildUserList() {
  return [
    buildUser({ username: 'admin', displayName: 'Administrator', role: 'platform_admin', password: 'admin-demo-1' }),
    buildUser({ role: 'operator' }),
    buildUser({ role: 'reviewer' }),
    buildUser({ role: 'viewer' }),
  ]
}
