import { render } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createMemoryRouter } from 'react-router'
import { RouterProvider } from 'react-router/dom'
import { Providers } from '../app/providers'
import { createRoutes } from '../app/router'
import type { Locale } from '../contract/common'
import { setUnauthorizedHandler } from '../lib/api-client'
import { createQueryClient } from '../lib/query-client'

/** What each test created: disposed after the test (see setup.ts) so no router or query work outlives jsdom. */
const live: { dispose(): void }[] = []

export function disposeRendered() {
  for (const item of live.splice(0)) item.dispose()
}

/**
 * Renders the real route table at `path` in a memory router with the real providers; the network is MSW.
 * Returns the router (to assert navigation) and a userEvent instance.
 */
export function renderApp(path: string, opts: { locale?: Locale } = {}) {
  const queryClient = createQueryClient()
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } })
  const router = createMemoryRouter(createRoutes(queryClient), { initialEntries: [path] })
  setUnauthorizedHandler(() => {
    queryClient.clear()
    void router.navigate(`/login?next=${encodeURIComponent(router.state.location.pathname)}`)
  })
  live.push({
    dispose: () => {
      router.dispose()
      queryClient.cancelQueries()
      queryClient.clear()
    },
  })
  const user = userEvent.setup()
  const result = render(
    <Providers queryClient={queryClient} locale={opts.locale ?? 'en-US'}>
      <RouterProvider router={router} />
    </Providers>,
  )
  return { ...result, router, user, queryClient }
}
