import type { User } from '../../../contract/identity'
import type { TenantRow, UserRow } from './identity.repository'

/** The wire shape of a user: never the password hash. */
export function toUserDto(u: UserRow, tenant: Pick<TenantRow, 'name'>): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    role: u.role,
    tenantId: u.tenantId,
    tenantName: tenant.name,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
  }
}
