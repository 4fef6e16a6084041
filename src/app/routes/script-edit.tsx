import { useNavigate, useParams } from 'react-router'
import { paths } from '../../config/paths'
import { ScriptEditor } from '../../features/scripts/components/script-editor'
import type { QueryClient } from '@tanstack/react-query'
import type { LoaderFunctionArgs } from 'react-router'
import { scriptQueries } from '../../features/scripts/api/script-queries'

/** Warms the script being edited. */
export function clientLoader(queryClient: QueryClient) {
  return ({ params }: LoaderFunctionArgs) => queryClient.ensureQueryData(scriptQueries.detail(params.scriptUuid ?? ''))
}

export function Component() {
  const navigate = useNavigate()
  const { scriptUuid = '' } = useParams()
  return (
    <ScriptEditor
      scriptUuid={scriptUuid}
      onClose={() => navigate(paths.scripts.href())}
      onSaved={(id) => navigate(paths.script.href(id))}
    />
  )
}
