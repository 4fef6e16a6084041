import { adminRoutes, sessionRoutes } from '../../src/contract/identity'
import { iamRoutes, iamTime } from '../../src/contract/iam'
import { currentUser, db, page } from '../db'
import { buildUser } from '../factories/identity'
import { MockError, mockRoute } from '../mock-route'

const strip = ({ password: _pw, ...user }: ReturnType<typeof buildUser>) => user
const session = (user: ReturnType<typeof buildUser>) => ({
  user: strip(user),
  csrfToken: 'mock-csrf',
  expiresAt: '2099-01-01T00:00:00.000Z',
})

function requireUser() {
  const user = currentUser()
  if (!user) throw new MockError(401, 'UNAUTHENTICATED', 'Authentication required')
  return user
}

export const identityHandlers = [
  mockRoute(sessionRoutes.login, ({ body }) => {
    const user = db.users.find((u) => u.username === body.username && u.password === body.password)
    if (!user) throw new MockError(401, 'UNAUTHENTICATED', 'The username or password is wrong.')
    db.currentUserId = user.id
    return session(user)
  }),
  mockRoute(sessionRoutes.me, () => session(requireUser())),
  mockRoute(sessionRoutes.logout, () => {
    db.currentUserId = null
    return { ok: true as const }
  }),
  mockRoute(iamRoutes.createToken, ({ body }) => {
    const name = body.auth.identity.password.user.name
    const user = db.users.find((u) => u.username === name)
    if (!user) throw new MockError(401, 'IAM.0004', 'The username or password is wrong.')
    const now = new Date()
    const domain = { id: 'default', name: 'default' }
    return {
      token: {
        methods: ['password'],
        issued_at: iamTime(now),
        expires_at: iamTime(new Date(now.getTime() + 864e5)),
        catalog: [
          {
            id: 'coc',
            name: 'coc',
            type: 'coc',
            endpoints: [
              {
                id: `coc-${user.tenantName}`,
                interface: 'public',
                region: user.tenantName,
                region_id: user.tenantName,
                url: typeof location === 'undefined' ? 'http://localhost' : location.origin,
              },
            ],
          },
        ],
        user: { id: user.id, name: user.username, domain },
        project: { id: user.tenantId, name: user.tenantName, domain },
        roles: [{ id: user.role, name: user.role }],
      },
    }
  }),
  mockRoute(adminRoutes.listUsers, ({ query }) => {
    requireUser()
    return page(db.users.map(strip), query.page, query.pageSize)
  }),
  mockRoute(adminRoutes.createUser, ({ body }) => {
    requireUser()
    const user = buildUser({ ...body, email: body.email ?? null })
    db.users.push(user)
    return strip(user)
  }),
  mockRoute(adminRoutes.updateUser, ({ params, body }) => {
    requireUser()
    const user = db.users.find((u) => u.id === params.userId)
    if (!user) throw new MockError(404, 'NOT_FOUND', 'User not found')
    Object.assign(user, { ...body, password: body.password ?? user.password })
    return strip(user)
  }),
  mockRoute(adminRoutes.listTenants, () => [
    {
      id: requireUser().tenantId,
      name: 'default',
      description: 'Default enterprise project',
      createdAt: '2026-11-01T08:00:00.000Z',
    },
  ]),
  mockRoute(adminRoutes.createTenant, ({ body }) => ({
    id: crypto.randomUUID(),
    name: body.name,
    description: body.description,
    createdAt: new Date().toISOString(),
  })),
  mockRoute(adminRoutes.listAccessKeys, () => db.accessKeys.filter((k) => k.userId === requireUser().id)),
  mockRoute(adminRoutes.createAccessKey, ({ body }) => {
    const key = {
      accessKey: `MOCKAK${db.accessKeys.length + 1}`.padEnd(20, '0'),
      userId: requireUser().id,
      description: body.description,
      createdAt: new Date().toISOString(),
      lastUsedAt: null,
    }
    db.accessKeys.push(key)
    return { ...key, secretKey: 'mock-secret-key-shown-once' }
  }),
  mockRoute(adminRoutes.deleteAccessKey, ({ params }) => {
    db.accessKeys = db.accessKeys.filter((k) => k.accessKey !== params.accessKey)
    return { ok: true as const }
  }),
  mockRoute(adminRoutes.listAudit, ({ query }) => {
    requireUser()
    return page(
      db.audit.filter((e) => (!query.action || e.action === query.action) && (!query.actor || e.actor === query.actor)),
      query.page,
      query.pageSize,
    )
  }),
]
