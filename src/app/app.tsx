import { useState } from 'react'
import { RouterProvider } from 'react-router/dom'
import { paths } from '../config/paths'
import { setUnauthorizedHandler } from '../lib/api-client'
import { createQueryClient } from '../lib/query-client'
import { Providers } from './providers'
import { createAppRouter } from './router'

/** The SPA root: one query client and router for the page's life; a 401 anywhere sends the user to login. */
export function App() {
  const [{ queryClient, router }] = useState(() => {
    const qc = createQueryClient()
    const r = createAppRouter(qc)
    setUnauthorizedHandler(() => {
      qc.clear()
      const here = window.location.pathname + window.location.search
      void r.navigate(paths.login.href(here), { replace: true })
    })
    return { queryClient: qc, router: r }
  })
  return (
    <Providers queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>
  )
}
