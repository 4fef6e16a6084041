import { useNavigate, useSearchParams } from 'react-router'
import { paths } from '../../config/paths'
import { ExecutionWizard } from '../../features/executions/components/wizard/execution-wizard'
import type { QueryClient } from '@tanstack/react-query'
import type { LoaderFunctionArgs } from 'react-router'
import { executionQueries } from '../../features/executions/api/execution-queries'

/** Warms the script of `?script=` (the wizard opens on its parameters), else the first page of approved scripts. */
export function clientLoader(queryClient: QueryClient) {
  return ({ request }: LoaderFunctionArgs) => {
    const script = new URL(request.url).searchParams.get('script')
    return script
      ? queryClient.ensureQueryData(executionQueries.script(script))
      : queryClient.ensureQueryData(executionQueries.approvedScripts(undefined, 1))
  }
}

/**
 * `/executions/new[?script=<uuid>][&savedQuery=<id>]`: the batch execution wizard (the saved host query is
 * offered on the hosts step); a started run opens its ticket.
 */
export function Component() {
  const navigate = useNavigate()
  const [search] = useSearchParams()
  return (
    <ExecutionWizard
      initialScript={search.get('script')}
      initialSavedQuery={search.get('savedQuery') ?? undefined}
      onStarted={(uuid) => navigate(paths.ticket.href(uuid))}
    />
  )
}
