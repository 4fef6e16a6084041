import type { Config } from '../../config'
import type { Db } from '../../db/client'
import { generatePassword, hashPassword, verifyPassword } from '../../lib/passwords'
import type { IdentityRepository } from './identity.repository'
import type { UsersService } from './users.service'

export const DEFAULT_TENANT = 'default'

/** Demo accounts, one per non-admin role (README "Roles and demo users"). */
export const DEMO_USERS = [
  { username: 'operator', displayName: 'Olivia Operator', role: 'operator', password: 'operator-demo-1' },
  { username: 'reviewer', displayName: 'Rui Reviewer', role: 'reviewer', password: 'reviewer-demo-1' },
  { username: 'viewer', displayName: 'Vera Viewer', role: 'viewer', password: 'viewer-demo-1' },
] as const

const SYSTEM = (tenantId: string | null) => ({ userId: null, username: 'system', tenantId })

/**
 * Start-up identity: the default tenant, the first (platform) admin (from CONSOLE_ADMIN, else generated and printed
 * once), the bootstrap access key and the demo users. Idempotent: safe on every start and every replica.
 */
export async function bootstrapIdentity(opts: {
  db: Db
  repo: IdentityRepository
  users: UsersService
  config: Pick<Config, 'adminBootstrap' | 'accessKeyBootstrap' | 'demoSeed'>
  print: (line: string) => void
}) {
  const { db, repo, users, config, print } = opts
  let tenant = await repo.tenantByName(DEFAULT_TENANT)
  if (!tenant) {
    tenant = await db.transaction((tx) =>
      repo.insertTenant(tx, { name: DEFAULT_TENANT, description: 'Default enterprise project' }),
    )
  }
  const actor = SYSTEM(tenant.id)

  let adminName = 'admin'
  if (config.adminBootstrap) {
    const i = config.adminBootstrap.indexOf(':')
    if (i < 1) throw new Error('CONSOLE_ADMIN must be user:password')
    adminName = config.adminBootstrap.slice(0, i)
    const password = config.adminBootstrap.slice(i + 1)
    if (password.length < 8) throw new Error('CONSOLE_ADMIN password must have at least 8 characters')
    const existing = await repo.userByName(adminName)
    if (!existing) {
      await users.create(actor, tenant.id, {
        username: adminName,
        displayName: 'Administrator',
        role: 'platform_admin',
        password,
      })
    } else if (
      !(await verifyPassword(password, existing.passwordHash)) ||
      existing.role !== 'platform_admin' ||
      existing.disabled
    ) {
      // CONSOLE_ADMIN is the operator's declared truth: re-apply it so automation can always log in.
      const passwordHash = await hashPassword(password)
      await db.transaction((tx) =>
        repo.updateUser(tx, existing.id, { role: 'platform_admin', disabled: false, passwordHash }),
      )
      print(`Reset admin account "${adminName}" from CONSOLE_ADMIN.`)
    }
  } else if ((await repo.countEnabled('platform_admin')) === 0 && !(await repo.userByName(adminName))) {
    const password = generatePassword()
    await users.create(actor, tenant.id, {
      username: adminName,
      displayName: 'Administrator',
      role: 'platform_admin',
      password,
    })
    print(
      `\n  First start: created admin account "${adminName}" with password  ${password}\n` +
        '  It is shown only this once; change it in the console or set CONSOLE_ADMIN=user:password.\n',
    )
  }

  if (config.accessKeyBootstrap) {
    const [ak, sk] = config.accessKeyBootstrap.split(':')
    if (!ak || !sk) throw new Error('CONSOLE_ACCESS_KEY must be ak:sk')
    const admin = await repo.userByName(adminName)
    const existing = await repo.accessKeyWithUser(ak)
    if (admin && !existing)
      await users.createAccessKey(actor, admin.id, 'bootstrap (CONSOLE_ACCESS_KEY)', undefined, { ak, sk })
  }

  if (config.demoSeed) {
    for (const demo of DEMO_USERS) {
      if (!(await repo.userByName(demo.username))) {
        await users.create(actor, tenant.id, {
          username: demo.username,
          displayName: demo.displayName,
          role: demo.role,
          password: demo.password,
        })
      }
    }
  }
  return { tenant }
}
