import { bkAppRoutes } from '../../src/contract/bk-apps'
import { db } from '../db'
import { MockError, mockRoute } from '../mock-route'

let seq = 100

/** BlueKing apps admin page: register (secret shown once), list, revoke. */
export const bkJobHandlers = [
  mockRoute(bkAppRoutes.list, () => db.bkApps),
  mockRoute(bkAppRoutes.create, ({ body }) => {
    if (db.bkApps.some((a) => a.code === body.code))
      throw new MockError(409, 'CONFLICT', `An app with the code ${body.code} is already registered`)
    const app = {
      id: ++seq,
      code: body.code,
      description: body.description,
      createdBy: 'admin',
      createdAt: new Date().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    }
    db.bkApps.unshift(app)
    return { ...app, secret: 'bks_mock-secret-shown-once' }
  }),
  mockRoute(bkAppRoutes.revoke, ({ params }) => {
    const app = db.bkApps.find((a) => a.id === params.appId && !a.revokedAt)
    if (!app) throw new MockError(404, 'NOT_FOUND', `No active app ${params.appId} in this project`)
    app.revokedAt = new Date().toISOString()
    return { ok: true as const }
  }),
]
