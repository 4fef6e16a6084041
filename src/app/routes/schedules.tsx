import { useQuery } from '@tanstack/react-query'
import { Card } from 'antd'
import { hasPermission } from '../../contract/identity'
import { SchedulePage } from '../../features/job-plans/components/schedule-page'
import { useJobPlanMessages } from '../../features/job-plans/job-plans-messages'
import { sessionQueries } from '../../features/session/api/session-queries'

export function Component() {
  const m = useJobPlanMessages()
  const { data: session } = useQuery(sessionQueries.me())
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{m.schedules}</h1>}>
      <SchedulePage canRun={hasPermission(session?.user.role ?? 'viewer', 'executions:run')} />
    </Card>
  )
}
