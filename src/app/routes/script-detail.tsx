import { useLocation, useNavigate, useParams } from 'react-router'
import { paths } from '../../config/paths'
import { ScriptDetailsDrawer } from '../../features/scripts/components/script-details-drawer'
import type { QueryClient } from '@tanstack/react-query'
import type { LoaderFunctionArgs } from 'react-router'
import { scriptQueries } from '../../features/scripts/api/script-queries'

/** Warms the drawer's script view. */
export function clientLoader(queryClient: QueryClient) {
  return ({ params }: LoaderFunctionArgs) => queryClient.ensureQueryData(scriptQueries.view(params.scriptUuid ?? ''))
}

/** `/scripts/:scriptUuid` and `/scripts/:scriptUuid/versions`: the detail drawer, on the matching tab. */
export function Component() {
  const navigate = useNavigate()
  const { scriptUuid = '' } = useParams()
  const tab = useLocation().pathname.endsWith('/versions') ? 'versions' : 'details'
  return (
    <ScriptDetailsDrawer
      key={`${scriptUuid}-${tab}`}
      scriptUuid={scriptUuid}
      tab={tab}
      onClose={() => navigate(paths.scripts.href())}
    />
  )
}
