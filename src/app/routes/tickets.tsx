import { PlusOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Button, Card } from 'antd'
import { Link, useOutlet } from 'react-router'
import { paths } from '../../config/paths'
import { hasPermission } from '../../contract/identity'
import { TicketsTable } from '../../features/executions/components/tickets-table'
import { useExecutionMessages } from '../../features/executions/executions-messages'
import { sessionQueries } from '../../features/session/api/session-queries'

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
