import { notificationRoutes } from '../../src/contract/notifications'
import { currentUser, db, page } from '../db'
import { MockError, mockRoute } from '../mock-route'

export const notificationHandlers = [
  mockRoute(notificationRoutes.listDeliveries, ({ query }) => {
    if (!currentUser()) throw new MockError(401, 'UNAUTHENTICATED', 'Authentication required')
    const rows = db.deliveries.filter((d) => !query.status || d.status === query.status)
    return page(rows, query.page, query.pageSize)
  }),
]
