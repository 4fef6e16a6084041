import type { QueryClient } from '@tanstack/react-query'
import { createBrowserRouter, redirect, type LoaderFunctionArgs, type RouteObject } from 'react-router'
import { paths } from '../config/paths'
import { sessionQueries } from '../features/session/api/session-queries'
import { ApiError } from '../lib/api-client'
import { NAV, type NavKey } from './nav'
import { RouteError } from './routes/route-error'

/** Pages that exist; every other NAV entry renders the honest "not built yet" placeholder. */
const PAGES: Partial<Record<NavKey, () => Promise<RouteModule>>> = {
  adminUsers: () => import('./routes/admin-users'),
  adminAudit: () => import('./routes/admin-audit'),
  cmdb: () => import('./routes/cmdb'),
  patches: () => import('./routes/patches'),
  scripts: () => import('./routes/scripts'),
  incidents: () => import('./routes/incidents'),
  warRooms: () => import('./routes/war-rooms'),
  oncall: () => import('./routes/oncall'),
  tickets: () => import('./routes/tickets'),
  executionWizard: () => import('./routes/execution-wizard'),
  files: () => import('./routes/files'),
  adminBkApps: () => import('./routes/admin-bk-apps'),
}

/** Drawers and modals over a page, as nested routes so deep links and the back button work (STYLE §8). */
const CHILDREN: Partial<Record<NavKey, RouteObject[]>> = {
  // The page itself renders the host drawer for this match: one lazy chunk instead of two.
  cmdb: [{ path: 'hosts/:hostId' }],
  // The board renders the incident drawer for this match.
  incidents: [{ path: ':incidentNum' }],
  warRooms: [{ path: ':warRoomId' }],
  // The ticket is its own chunk (it brings echarts); the list renders it in place. The log drawer is part of it.
  tickets: [{ path: ':executeUuid', lazy: () => import('./routes/ticket'), children: [{ path: 'hosts/:instanceId' }] }],
  scripts: [
    { path: 'new', lazy: () => import('./routes/script-new') },
    { path: ':scriptUuid', lazy: () => import('./routes/script-detail') },
    { path: ':scriptUuid/versions', lazy: () => import('./routes/script-detail') },
    { path: ':scriptUuid/edit', lazy: () => import('./routes/script-edit') },
  ],
}

type RouteModule = Record<string, unknown> & {
  clientLoader?: (queryClient: QueryClient) => (args: LoaderFunctionArgs) => Promise<unknown>
}

/**
 * A lazy route module whose `clientLoader(queryClient)` warms the page's first query with `ensureQueryData`
 * (TanStack's react-router example), so the page renders with data instead of a spinner. A failed warm-up
 * is not a route error: the page's own query shows it inline (STYLE §6) and can retry.
 */
function page(queryClient: QueryClient, load: () => Promise<RouteModule>) {
  return async () => {
    const { clientLoader, ...mod } = await load()
    if (!clientLoader) return mod
    const warm = clientLoader(queryClient)
    return {
      ...mod,
      loader: async (args: LoaderFunctionArgs) => {
        // Route loaders run in parallel with the shell's: warm only for a signed-in caller, so a signed-out
        // visitor meets one 401 (the shell's redirect to login), not a second one from the page's query.
        const signedIn = await queryClient.ensureQueryData(sessionQueries.me()).then(
          () => true,
          () => false,
        )
        if (signedIn) await warm(args).catch(() => undefined)
        return null
      },
    }
  }
}

/** Loader of the signed-in shell: the session, or a redirect to login that comes back here. */
function requireSession(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    try {
      return await queryClient.ensureQueryData(sessionQueries.me())
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        const url = new URL(request.url)
        throw redirect(paths.login.href(url.pathname + url.search))
      }
      throw err
    }
  }
}

/** Lazy routes render nothing while their module loads (the shell's own spinner covers it). */
function NoFallback() {
  return null
}

export function createRoutes(queryClient: QueryClient): RouteObject[] {
  return [
    {
      path: paths.login.path,
      lazy: () => import('./routes/login'),
      errorElement: <RouteError />,
      HydrateFallback: NoFallback,
    },
    {
      path: '/',
      id: 'root',
      loader: requireSession(queryClient),
      // Lazy so a visitor on /login does not download the menu, dropdown and layout.
      lazy: async () => ({ Component: (await import('./layout/app-layout')).AppLayout }),
      errorElement: <RouteError />,
      HydrateFallback: NoFallback,
      children: [
        { index: true, lazy: page(queryClient, () => import('./routes/home')) },
        ...NAV.map((n) => ({
          path: n.path.slice(1),
          handle: { navKey: n.key },
          errorElement: <RouteError />,
          lazy: page(queryClient, PAGES[n.key] ?? (() => import('./routes/not-built'))),
          children: CHILDREN[n.key]?.map((c) =>
            c.lazy ? { ...c, lazy: page(queryClient, c.lazy as () => Promise<RouteModule>) } : c,
          ),
        })),
        // Inside the signed-in shell: a reviewer who is not logged in goes through login and comes back.
        {
          path: paths.review.path.slice(1),
          errorElement: <RouteError />,
          lazy: page(queryClient, () => import('./routes/review')),
        },
        {
          path: paths.notificationSettings.path.slice(1),
          errorElement: <RouteError />,
          lazy: page(queryClient, () => import('./routes/notification-settings')),
        },
        {
          path: paths.inbox.path.slice(1),
          errorElement: <RouteError />,
          lazy: page(queryClient, () => import('./routes/inbox')),
        },
        { path: '*', lazy: () => import('./routes/not-found') },
      ],
    },
  ]
}

export function createAppRouter(queryClient: QueryClient) {
  return createBrowserRouter(createRoutes(queryClient))
}
