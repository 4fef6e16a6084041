import type { QueryKey } from '@tanstack/react-query'
import type { LoaderFunctionArgs } from 'react-router'
import { describe, expect, it } from 'vitest'
import { setSignedIn } from '../../mocks/scenarios'
import { AUDIT_FIRST_PAGE, adminQueries, USERS_PAGE_SIZE } from '../features/admin/api/admin-queries'
import { cmdbQueries } from '../features/cmdb/api/cmdb-queries'
import { executionQueries, TICKETS_FIRST_PAGE } from '../features/executions/api/execution-queries'
import { inboxQueries } from '../features/inbox/api/inbox-queries'
import { incidentQueries } from '../features/incidents/api/incidents-queries'
import { patchQueries } from '../features/patches/api/patches-queries'
import { SCRIPTS_FIRST_PAGE, scriptQueries } from '../features/scripts/api/script-queries'
import { warRoomQueries } from '../features/war-rooms/api/war-rooms-queries'
import { createQueryClient } from '../lib/query-client'

type Loader = (qc: ReturnType<typeof createQueryClient>) => (args: LoaderFunctionArgs) => Promise<unknown>

/** Each page's module, the URL it is opened at, and the query its page (or feature table) reads first. */
const PAGES: [string, () => Promise<{ clientLoader?: Loader }>, string, QueryKey][] = [
  ['users', () => import('./routes/admin-users'), '/admin/users', adminQueries.users(1, USERS_PAGE_SIZE).queryKey],
  ['audit', () => import('./routes/admin-audit'), '/admin/audit', adminQueries.audit(AUDIT_FIRST_PAGE).queryKey],
  ['cmdb', () => import('./routes/cmdb'), '/cmdb', cmdbQueries.topology().queryKey],
  ['patches', () => import('./routes/patches'), '/patches', patchQueries.overview().queryKey],
  ['scripts', () => import('./routes/scripts'), '/scripts', scriptQueries.list(SCRIPTS_FIRST_PAGE).queryKey],
  ['tickets', () => import('./routes/tickets'), '/tickets', executionQueries.list(TICKETS_FIRST_PAGE).queryKey],
  [
    'tickets of a host',
    () => import('./routes/tickets'),
    '/tickets?hostId=7',
    executionQueries.list({ ...TICKETS_FIRST_PAGE, hostId: 7 }).queryKey,
  ],
  ['incidents', () => import('./routes/incidents'), '/incidents', incidentQueries.board({}).queryKey],
  ['war rooms', () => import('./routes/war-rooms'), '/war-rooms', warRoomQueries.stats(30).queryKey],
  ['inbox', () => import('./routes/inbox'), '/inbox', inboxQueries.page(1, false).queryKey],
  [
    'wizard',
    () => import('./routes/execution-wizard'),
    '/executions/new',
    executionQueries.approvedScripts(undefined, 1).queryKey,
  ],
]

describe('route loaders (STYLE.md §8)', () => {
  it.each(PAGES)('%s: the loader warms the first query of the page with ensureQueryData', async (_, load, url, key) => {
    setSignedIn('platform_admin')
    const { clientLoader } = await load()
    expect(clientLoader).toBeTypeOf('function')
    const queryClient = createQueryClient()
    await clientLoader!(queryClient)({
      params: {},
      request: new Request(`http://localhost${url}`),
    } as LoaderFunctionArgs)
    expect(queryClient.getQueryState(key)?.status).toBe('success')
    queryClient.clear()
  })
})
