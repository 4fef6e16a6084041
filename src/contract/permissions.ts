import { z } from 'zod'

export const RoleSchema = z.enum(['admin', 'operator', 'reviewer', 'viewer'])
export type Role = z.infer<typeof RoleSchema>
export const ROLES = RoleSchema.options

/**
 * Permission → roles that hold it. The BFF checks these on every route (RouteDef.access) and the SPA
 * reads the same table to hide menu entries and buttons. Reviewers approve scripts and tickets;
 * viewers only read.
 */
export const PERMISSIONS = {
  read: ['admin', 'operator', 'reviewer', 'viewer'],
  'scripts:write': ['admin', 'operator'],
  'scripts:review': ['admin', 'reviewer'],
  'executions:run': ['admin', 'operator'],
  'incidents:write': ['admin', 'operator'],
  'cmdb:write': ['admin', 'operator'],
  'patches:scan': ['admin', 'operator'],
  'admin:manage': ['admin'],
  'audit:read': ['admin'],
} as const satisfies Record<string, readonly Role[]>
export type Permission = keyof typeof PERMISSIONS

export function hasPermission(role: Role, permission: Permission | 'authenticated'): boolean {
  if (permission === 'authenticated') return true
  return (PERMISSIONS[permission] as readonly Role[]).includes(role)
}
