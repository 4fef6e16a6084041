import { PlusOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Button, Card } from 'antd'
import { Link, useOutlet } from 'react-router'
import { paths } from '../../config/paths'
import { hasPermission } from '../../contract/identity'
import { TicketsTable } from '../../features/executions/components/tickets-table'
import { useExecutionMessages } from '../../features/executions/executions-messages'
import { sessionQueries } from '../../features/session/api/session-queries'
import type { QueryClient } from '@tanstack/react-query'
import type { LoaderFunctionArgs } from 'react-router'
import { executionQueries, TICKETS_FIRST_PAGE } from '../../features/executions/api/execution-queries'

/** Warms the tickets' first page (of the host in `?hostId=`, when the CMDB drawer linked here). */
export function clientLoader(queryClient: QueryClient) {
  return ({ request }: LoaderFunctionArgs) => {
    const hostId = Number(new URL(request.url).searchParams.get('hostId')) || undefined
    return queryClient.ensureQueryData(executionQueries.list({ ...TICKETS_FIRST_PAGE, hostId }))
  }
}

/** Execution tickets; `/tickets/:executeUuid` (a child route, its own chunk) replaces the list with the ticket. */
export function Component() {
  const m = useExecutionMessages()
  const outlet = useOutlet()
  const { data: session } = useQuery(sessionQueries.me())
  const canRun = hasPermission(session?.user.role ?? 'viewer', 'executions:run')
  if (outlet) return outlet
  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{m.tickets}</h1>}
      extra={
        canRun && (
          <Link to={paths.executionWizard.href()}>
            <Button type="primary" icon={<PlusOutlined />}>
              {m.newExecution}
            </Button>
          </Link>
        )
      }
    >
      <TicketsTable />
    </Card>
  )
}
