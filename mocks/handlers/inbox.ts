import { inboxRoutes } from '../../src/contract/inbox'
import { db, page } from '../db'
import { MockError, mockRoute } from '../mock-route'
import { requireScriptUser } from './script-access'

const mine = () => {
  const user = requireScriptUser()
  return db.inbox.filter((m) => m.recipient === user.username)
}

export const inboxHandlers = [
  mockRoute(inboxRoutes.list, ({ query }) => {
    const all = mine()
    const rows = query.unreadOnly ? all.filter((m) => !m.read) : all
    return {
      ...page(
        rows.map(({ recipient: _r, ...m }) => m),
        query.page,
        query.pageSize,
      ),
      unread: all.filter((m) => !m.read).length,
    }
  }),
  mockRoute(inboxRoutes.markRead, ({ params }) => {
    const m = mine().find((x) => x.id === params.messageId)
    if (!m) throw new MockError(404, 'NOT_FOUND', 'Message not found')
    m.read = true
    return { ok: true as const }
  }),
  mockRoute(inboxRoutes.markAllRead, () => {
    mine().forEach((m) => {
      m.read = true
    })
    return { ok: true as const }
  }),
]
