import type { FastifyInstance } from 'fastify'
import { adminRoutes, hasPermission, sessionRoutes } from '../../../contract/identity'
import { ForbiddenError } from '../../lib/errors'
import { SESSION_COOKIE } from '../../plugins/auth'
import { route } from '../../lib/route'
import type { Services } from '../../services'
import { toUserDto } from './user-dto'
import { refusal } from '../../../contract/refusal-text'

/** Console session (cookie + CSRF), users, tenants, access keys, audit log. */
export function registerIdentityRoutes(app: FastifyInstance, { auth, users, audit, identityRepo, config }: Services) {
  route(app, sessionRoutes.login, async ({ body, ctx, reply }) => {
    const s = await auth.login(body.username, body.password, body.tenant, ctx)
    reply.setCookie(SESSION_COOKIE, s.cookie, {
      httpOnly: true,
      sameSite: 'strict',
      secure: config.secureCookies,
      path: '/',
      expires: s.expiresAt,
    })
    return { user: toUserDto(s.user, s.tenant), csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() }
  })

  route(app, sessionRoutes.me, async ({ principal }) => {
    const user = await identityRepo.userById(principal.userId)
    return {
      user: toUserDto(user!, { name: principal.tenantName }),
      // Token and AK/SK callers have no cookie to protect, hence no CSRF token.
      csrfToken: principal.csrfToken ?? '',
      expiresAt: new Date(Date.now() + config.sessionHours * 3600 * 1000).toISOString(),
    }
  })

  route(app, sessionRoutes.logout, async ({ principal, ctx, reply }) => {
    await auth.logout(principal, ctx)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return { ok: true as const }
  })

  route(app, adminRoutes.listUsers, ({ principal, query }) => users.list(principal, query.page, query.pageSize))
  route(app, adminRoutes.createUser, ({ principal, body, ctx }) => users.createFor(principal, body, ctx))
  route(app, adminRoutes.updateUser, ({ principal, params, body, ctx }) =>
    users.update(principal, params.userId, body, ctx),
  )
  route(app, adminRoutes.listTenants, () => users.listTenants())
  route(app, adminRoutes.createTenant, ({ principal, body, ctx }) => users.createTenant(principal, body, ctx))
  route(app, adminRoutes.listAccessKeys, ({ principal }) => users.listAccessKeys(principal))
  route(app, adminRoutes.createAccessKey, ({ principal, body, ctx }) =>
    users.createAccessKey(principal, principal.userId, body.description, ctx),
  )
  route(app, adminRoutes.deleteAccessKey, async ({ principal, params, ctx }) => {
    await users.deleteAccessKey(principal, params.accessKey, ctx)
    return { ok: true as const }
  })
  route(app, adminRoutes.listAudit, ({ principal, query }) => {
    if (query.scope === 'platform' && !hasPermission(principal.role, 'platform:manage'))
      throw new ForbiddenError(refusal('audit.platform-only'))
    return audit.list(query.scope === 'platform' ? null : principal.tenantId, query)
  })
}
