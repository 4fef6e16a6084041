import { describe, expect, it } from 'vitest'
import type { App } from '../../app'
import { iamBody, loginAs, testApp } from '../../testing/test-app'
import { tenantWithAdmin } from '../../testing/tenants'

/** The platform admin creates tenant `b` with its tenant admin `b-admin`; returns b-admin's session headers. */
async function tenantB(app: App) {
  const { platform, tenantId, admin } = await tenantWithAdmin(app)
  return { platform, tenantId, bAdmin: admin }
}

describe('tenant isolation (issue 13 #4)', () => {
  it('a tenant admin cannot create users in another tenant, grant the platform role or list tenants', async () => {
    const app = await testApp()
    const { platform, bAdmin } = await tenantB(app)
    const defaultId = (await app.inject({ method: 'GET', url: '/api/tenants', headers: platform }))
      .json()
      .find((t: { name: string }) => t.name === 'default').id

    const cross = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bAdmin,
      payload: { username: 'planted', displayName: 'P', role: 'admin', password: 'planted-pw-1', tenantId: defaultId },
    })
    expect(cross.statusCode).toBe(403)
    const promote = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bAdmin,
      payload: { username: 'b-root', displayName: 'R', role: 'platform_admin', password: 'b-root-pw-1' },
    })
    expect(promote.statusCode).toBe(403)
    expect((await app.inject({ method: 'GET', url: '/api/tenants', headers: bAdmin })).statusCode).toBe(403)
    expect(
      (await app.inject({ method: 'POST', url: '/api/tenants', headers: bAdmin, payload: { name: 'c' } })).statusCode,
    ).toBe(403)
    expect(
      (await app.inject({ method: 'GET', url: '/api/users?pageSize=100', headers: platform })).json().items,
    ).not.toContainEqual(expect.objectContaining({ username: 'planted' }))

    // Its own tenant it does manage.
    const own = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bAdmin,
      payload: { username: 'b-op', displayName: 'Op', role: 'operator', password: 'b-op-pw-12' },
    })
    expect(own.statusCode).toBe(201)
    expect(own.json().tenantName).toBe('b')
  })

  it('tokens and sessions are scoped only to the tenants a user belongs to', async () => {
    const app = await testApp()
    await tenantB(app)
    const token = await app.inject({
      method: 'POST',
      url: '/v3/auth/tokens',
      payload: iamBody('b-admin', 'b-admin-pw-1', 'default'),
    })
    expect(token.statusCode).toBe(401)
    const session = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'b-admin', password: 'b-admin-pw-1', tenant: 'default' },
    })
    expect(session.statusCode).toBe(401)
    const own = await app.inject({
      method: 'POST',
      url: '/v3/auth/tokens',
      payload: iamBody('b-admin', 'b-admin-pw-1', 'b'),
    })
    expect(own.statusCode).toBe(201)
    // The platform admin may enter any tenant.
    const platform = await app.inject({
      method: 'POST',
      url: '/v3/auth/tokens',
      payload: iamBody('admin', 'admin-test-pw', 'b'),
    })
    expect(platform.statusCode).toBe(201)
    expect(platform.json().token.project.name).toBe('b')
  })

  it('audits in the affected tenant and the platform log; the last-admin guard counts per tenant', async () => {
    const app = await testApp()
    const { platform, bAdmin } = await tenantB(app)
    const bAudit = (
      await app.inject({ method: 'GET', url: '/api/audit-logs?action=user.create', headers: bAdmin })
    ).json()
    expect(bAudit.items.map((e: { after: { username: string } }) => e.after.username)).toContain('b-admin')
    const platformLog = (
      await app.inject({ method: 'GET', url: '/api/audit-logs?scope=platform&pageSize=50', headers: platform })
    ).json()
    expect(platformLog.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['tenant.create', 'user.create']),
    )
    const defaultAudit = (
      await app.inject({ method: 'GET', url: '/api/audit-logs?action=user.create', headers: platform })
    ).json()
    expect(defaultAudit.items.map((e: { after: { username: string } }) => e.after.username)).not.toContain('b-admin')
    expect(
      (await app.inject({ method: 'GET', url: '/api/audit-logs?scope=platform', headers: bAdmin })).statusCode,
    ).toBe(403)

    // b-admin is the only admin of b, although `default` has one too: demoting it is refused.
    const me = (await app.inject({ method: 'GET', url: '/api/session', headers: bAdmin })).json().user
    const demote = await app.inject({
      method: 'PATCH',
      url: `/api/users/${me.id}`,
      headers: bAdmin,
      payload: { role: 'viewer' },
    })
    expect(demote.statusCode).toBe(403)
    expect(demote.json().error.message).toMatch(/last admin/)
    // A tenant admin of `default` cannot disable the platform admin who lives there.
    const dAdmin = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: platform,
      payload: { username: 'd-admin', displayName: 'D', role: 'admin', password: 'd-admin-pw-1' },
    })
    const dHeaders = await loginAs(app, 'd-admin', 'd-admin-pw-1')
    const adminUser = (await app.inject({ method: 'GET', url: '/api/session', headers: platform })).json().user
    const disable = await app.inject({
      method: 'PATCH',
      url: `/api/users/${adminUser.id}`,
      headers: dHeaders,
      payload: { disabled: true },
    })
    expect(dAdmin.statusCode).toBe(201)
    expect(disable.statusCode).toBe(403)
  })
})
