import { z } from 'zod'
import { IdSchema, OkSchema, PageQuerySchema, TimestampSchema } from './common'
import { defineRoute, pageOf } from './http'
import { RoleSchema } from './permissions'

// Roles and permissions live apart so http.ts (RouteDef.access) can name them without a cycle through here.
export {
  hasPermission,
  isAdminRole,
  PERMISSIONS,
  type Permission,
  ROLES,
  type Role,
  RoleSchema,
} from './permissions'

export const TenantSchema = z.object({
  id: IdSchema,
  /** Enterprise project name, e.g. `default`; the IAM scope `project.name`. */
  name: z.string(),
  description: z.string(),
  createdAt: TimestampSchema,
})
export type Tenant = z.infer<typeof TenantSchema>

export const UserSchema = z.object({
  id: IdSchema,
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: RoleSchema,
  tenantId: IdSchema,
  tenantName: z.string(),
  disabled: z.boolean(),
  createdAt: TimestampSchema,
})
export type User = z.infer<typeof UserSchema>

export const UsernameSchema = z.string().regex(/^[A-Za-z0-9_.-]{2,64}$/, 'letters, digits, _ . - (2–64)')
/** At least 8 characters; the BFF hashes it with scrypt and never returns or logs it. */
export const PasswordSchema = z.string().min(8, 'at least 8 characters').max(128)

export const SessionSchema = z.object({
  user: UserSchema,
  /** Send back as `X-CSRF-Token` on every cookie-authenticated mutation. */
  csrfToken: z.string(),
  expiresAt: TimestampSchema,
})
export type Session = z.infer<typeof SessionSchema>

export const LoginBodySchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(128),
  /** Enterprise project; defaults to the user's own. */
  tenant: z.string().max(64).optional(),
})

export const CreateUserBodySchema = z.object({
  username: UsernameSchema,
  displayName: z.string().min(1).max(64),
  email: z.string().email().max(128).optional(),
  role: RoleSchema,
  password: PasswordSchema,
  tenantId: IdSchema.optional(),
})
export const UpdateUserBodySchema = z.object({
  displayName: z.string().min(1).max(64).optional(),
  email: z.string().email().max(128).nullable().optional(),
  role: RoleSchema.optional(),
  disabled: z.boolean().optional(),
  password: PasswordSchema.optional(),
})
export const CreateTenantBodySchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  description: z.string().max(256).default(''),
})

export const AccessKeySchema = z.object({
  accessKey: z.string(),
  userId: IdSchema,
  description: z.string(),
  createdAt: TimestampSchema,
  lastUsedAt: TimestampSchema.nullable(),
})
/** Returned once at creation: the secret key is never shown again. */
export const CreatedAccessKeySchema = AccessKeySchema.extend({ secretKey: z.string() })

export const AuditEntrySchema = z.object({
  id: IdSchema,
  at: TimestampSchema,
  actor: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  /** Before/after snapshots with every secret replaced by `******`. */
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
})
export const AuditQuerySchema = PageQuerySchema.extend({
  action: z.string().max(64).optional(),
  actor: z.string().max(64).optional(),
  /** Platform admins only: the platform log (tenant creation, cross-tenant changes) instead of the tenant's. */
  scope: z.enum(['tenant', 'platform']).default('tenant'),
})

const UserIdParams = z.object({ userId: IdSchema })

export const sessionRoutes = {
  login: defineRoute({
    method: 'POST',
    path: '/api/session',
    body: LoginBodySchema,
    response: SessionSchema,
    access: 'public',
    summary: 'Log in; sets the httpOnly session cookie',
  }),
  me: defineRoute({
    method: 'GET',
    path: '/api/session',
    response: SessionSchema,
    access: 'authenticated',
    summary: 'The current session (user, CSRF token)',
  }),
  logout: defineRoute({
    method: 'DELETE',
    path: '/api/session',
    response: OkSchema,
    access: 'authenticated',
    summary: 'Log out and revoke the session',
  }),
}

export const adminRoutes = {
  listUsers: defineRoute({
    method: 'GET',
    path: '/api/users',
    query: PageQuerySchema,
    response: pageOf(UserSchema),
    access: 'read',
    summary: 'Users of the current tenant',
  }),
  createUser: defineRoute({
    method: 'POST',
    path: '/api/users',
    body: CreateUserBodySchema,
    response: UserSchema,
    status: 201,
    access: 'admin:manage',
    summary: 'Create a user',
  }),
  updateUser: defineRoute({
    method: 'PATCH',
    path: '/api/users/:userId',
    params: UserIdParams,
    body: UpdateUserBodySchema,
    response: UserSchema,
    access: 'admin:manage',
    summary: 'Change a user',
  }),
  listTenants: defineRoute({
    method: 'GET',
    path: '/api/tenants',
    response: z.array(TenantSchema),
    access: 'platform:manage',
    summary: 'Tenants (enterprise projects); platform admins only',
  }),
  createTenant: defineRoute({
    method: 'POST',
    path: '/api/tenants',
    body: CreateTenantBodySchema,
    response: TenantSchema,
    status: 201,
    access: 'platform:manage',
    summary: 'Create a tenant; platform admins only',
  }),
  listAccessKeys: defineRoute({
    method: 'GET',
    path: '/api/access-keys',
    response: z.array(AccessKeySchema),
    access: 'authenticated',
    summary: "The caller's AK/SK access keys",
  }),
  createAccessKey: defineRoute({
    method: 'POST',
    path: '/api/access-keys',
    body: z.object({ description: z.string().max(256).default('') }),
    response: CreatedAccessKeySchema,
    status: 201,
    access: 'authenticated',
    summary: 'Create an AK/SK pair for the caller (the SK is shown once)',
  }),
  deleteAccessKey: defineRoute({
    method: 'DELETE',
    path: '/api/access-keys/:accessKey',
    params: z.object({ accessKey: z.string().max(64) }),
    response: OkSchema,
    access: 'authenticated',
    summary: 'Revoke an access key',
  }),
  listAudit: defineRoute({
    method: 'GET',
    path: '/api/audit-logs',
    query: AuditQuerySchema,
    response: pageOf(AuditEntrySchema),
    access: 'audit:read',
    summary: 'Audit log of the tenant',
  }),
}
