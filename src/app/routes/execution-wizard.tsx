import { useNavigate, useSearchParams } from 'react-router'
import { paths } from '../../config/paths'
import { ExecutionWizard } from '../../features/executions/components/wizard/execution-wizard'

/** `/executions/new[?script=<uuid>]`: the batch execution wizard; a started run opens its ticket. */
export function Component() {
  const navigate = useNavigate()
  const [search] = useSearchParams()
  return (
    <ExecutionWizard initialScript={search.get('script')} onStarted={(uuid) => navigate(paths.ticket.href(uuid))} />
  )
}
