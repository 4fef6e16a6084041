import { z } from 'zod'

/**
 * `platform_admin` manages tenants and acts in any of them; `admin` is a tenant admin, limited to the
 * users, keys and audit log of their own tenant.
 */
export const RoleSchema = z.enum(['platform_admin', 'admin', 'operator', 'reviewer', 'viewer'])
export type Role = z.infer<typeof RoleSchema>
export const ROLES = RoleSchema.options

/**
 * Permission → roles that hold it. The BFF checks these on every route (RouteDef.access) and the SPA
 * reads the same table to hide menu entries and buttons. Reviewers approve scripts and tickets;
 * viewers only read.
 */
export const PERMISSIONS = {
  read: ['platform_admin', 'admin', 'operator', 'reviewer', 'viewer'],
  'scripts:write': ['platform_admin', 'admin', 'operator'],
  'scripts:review': ['platform_admin', 'admin', 'reviewer'],
  'executions:run': ['platform_admin', 'admin', 'operator'],
  'incidents:write': ['platform_admin', 'admin', 'operator'],
  'cmdb:write': ['platform_admin', 'admin', 'operator'],
  'patches:scan': ['platform_admin', 'admin', 'operator'],
  'admin:manage': ['platform_admin', 'admin'],
  'audit:read': ['platform_admin', 'admin'],
  /** Tenants, users of other tenants, the platform audit log, logging in to any tenant. */
  'platform:manage': ['platform_admin'],
} as const satisfies Record<string, readonly Role[]>
export type Permission = keyof typeof PERMISSIONS

/** Admin of the tenant acted in (a platform admin is one in every tenant). */
export function isAdminRole(role: Role): boolean {
  return role === 'admin' || role === 'platform_admin'
}

export function hasPermission(role: Role, permission: Permission | 'authenticated'): boolean {
  if (permission === 'authenticated') return true
  return (PERMISSIONS[permission] as readonly Role[]).includes(role)
}
