import type { App } from '../app'
import { loginAs } from './test-app'

/**
 * A second tenant `name` with its own tenant admin `<name>-admin` (password `<name>-admin-pw-1`), made by the
 * platform admin: what every tenant-isolation test starts from. Returns the platform admin's and the new
 * admin's session headers and the tenant's id.
 */
export async function tenantWithAdmin(app: App, name = 'b') {
  const platform = await loginAs(app)
  const t = await app.inject({ method: 'POST', url: '/api/tenants', headers: platform, payload: { name } })
  if (t.statusCode !== 201) throw new Error(`tenant ${name}: ${t.body}`)
  const username = `${name}-admin`
  const password = `${name}-admin-pw-1`
  const u = await app.inject({
    method: 'POST',
    url: '/api/users',
    headers: platform,
    payload: { username, displayName: name.toUpperCase(), role: 'admin', password, tenantId: t.json().id },
  })
  if (u.statusCode !== 201) throw new Error(`admin of tenant ${name}: ${u.body}`)
  return {
    platform,
    tenantId: t.json().id as string,
    admin: await loginAs(app, username, password),
    username,
    password,
  }
}
