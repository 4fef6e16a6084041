import { useQuery } from '@tanstack/react-query'
import { Card } from 'antd'
import { useParams } from 'react-router'
import { hasPermission } from '../../contract/identity'
import { PlanRunView } from '../../features/job-plans/components/plan-run-view'
import { RunList } from '../../features/job-plans/components/run-list'
import { useJobPlanMessages } from '../../features/job-plans/job-plans-messages'
import { sessionQueries } from '../../features/session/api/session-queries'

/** Plan runs; `/plan-runs/:runId` shows one run with its steps in place of the list. */
export function Component() {
  const m = useJobPlanMessages()
  const { runId } = useParams()
  const { data: session } = useQuery(sessionQueries.me())
  if (runId)
    return <PlanRunView runId={runId} canRun={hasPermission(session?.user.role ?? 'viewer', 'executions:run')} />
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{m.runs}</h1>}>
      <RunList />
    </Card>
  )
}
