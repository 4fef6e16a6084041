import { ForbiddenError } from '../../lib/errors'
import type { Principal } from '../../lib/principal'
import type { UsersService } from '../identity/users.service'
import { refusal } from '../../../contract/refusal-text'

/**
 * The principal a background step acts as (a plan run's or a schedule's creator), as that user is now: a
 * disabled or deleted user, or one moved to another tenant, can no longer act.
 */
export async function actingPrincipal(
  identity: UsersService,
  tenantId: string,
  userId: string | null,
  name: string,
): Promise<Principal> {
  const user = userId ? await identity.userById(userId) : undefined
  const tenant = await identity.tenantById(tenantId)
  if (!user || user.disabled || !tenant || user.tenantId !== tenantId)
    throw new ForbiddenError(refusal('plan.user-cannot-run', { user: name }))
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    tenantId,
    tenantName: tenant.name,
    via: 'token',
  }
}
