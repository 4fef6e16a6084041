import type { Role } from '../../contract/identity'

/** Who is calling, resolved by the auth plugin from a session cookie, an IAM token or an AK/SK signature. */
export interface Principal {
  userId: string
  username: string
  displayName: string
  role: Role
  tenantId: string
  tenantName: string
  via: 'session' | 'token' | 'aksk'
  /** Console sessions only: the id of the session row and its CSRF token. */
  sessionId?: string
  csrfToken?: string
}

/** Request facts that go into the audit log next to the principal. */
export interface RequestContext {
  requestId: string
  ip: string
}

/** The system acting on its own (bootstrap, engine timers). */
export const SYSTEM_ACTOR = { userId: null, username: 'system' } as const
