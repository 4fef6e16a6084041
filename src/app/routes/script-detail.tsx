import { useLocation, useNavigate, useParams } from 'react-router'
import { paths } from '../../config/paths'
import { ScriptDetailsDrawer } from '../../features/scripts/components/script-details-drawer'

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
