import { hasPermission, type Role } from '../../../contract/identity'
import { compactId, paramListIssues } from '../../../contract/script-rules'
import type { ScriptParamInput } from '../../../contract/scripts'
import type { StoredReviewer } from '../../db/schema'
import { ValidationError } from '../../lib/errors'

/** Parameter-list rules (order, unique names, value charset); COC reports bad parameter values as COC.00040601. */
export function assertParams(params: ScriptParamInput[]) {
  const issues = paramListIssues(params)
  if (issues.length) {
    throw new ValidationError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues, 'COC.00040601')
  }
}

interface TenantUser {
  id: string
  username: string
  role: Role
  email: string | null
  disabled: boolean
}

/**
 * Resolves ReviewerInfo entries to users of the caller's tenant. `reviewer_id` (32-hex or UUID) wins when
 * it names a user of the tenant; otherwise `reviewer_name` decides (the seed's own example carries an id
 * from another system). Reviewers must be active and hold the review permission, once each.
 */
export function resolveReviewers(input: { reviewer_name: string; reviewer_id: string }[], tenantUsers: TenantUser[]) {
  const byId = new Map(tenantUsers.map((u) => [compactId(u.id), u]))
  const byName = new Map(tenantUsers.map((u) => [u.username, u]))
  const out: (StoredReviewer & { email: string | null })[] = []
  for (const [i, r] of input.entries()) {
    const path = `properties.reviewers[${i}]`
    const user = (r.reviewer_id ? byId.get(compactId(r.reviewer_id)) : undefined) ?? byName.get(r.reviewer_name)
    const fail = (message: string): never => {
      throw new ValidationError(`${path}: ${message}`, [{ path, message }])
    }
    if (!user) return fail(`reviewer ${r.reviewer_name} is not a user of this project`)
    if (user.username !== r.reviewer_name) fail('reviewer_id and reviewer_name name different users')
    if (user.disabled) fail(`reviewer ${user.username} is disabled`)
    if (!hasPermission(user.role, 'scripts:review')) fail(`${user.username} (${user.role}) may not review scripts`)
    if (out.some((o) => o.userId === user.id)) fail(`reviewer ${user.username} is listed twice`)
    out.push({ userId: user.id, username: user.username, email: user.email })
  }
  return out
}
