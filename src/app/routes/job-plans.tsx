import { PlusOutlined } from '@ant-design/icons'
import type { QueryClient } from '@tanstack/react-query'
import { useQuery } from '@tanstack/react-query'
import { Button, Card } from 'antd'
import { useMatch, useNavigate } from 'react-router'
import { paths } from '../../config/paths'
import { hasPermission } from '../../contract/identity'
import { jobPlanQueries } from '../../features/job-plans/api/job-plan-queries'
import { PlanEditor } from '../../features/job-plans/components/plan-editor'
import { PlanList } from '../../features/job-plans/components/plan-list'
import { useJobPlanMessages } from '../../features/job-plans/job-plans-messages'
import { sessionQueries } from '../../features/session/api/session-queries'
import { useShellMessages } from '../shell-messages'

export function clientLoader(queryClient: QueryClient) {
  return () => queryClient.ensureQueryData(jobPlanQueries.list(1))
}

/** Job plans; `/job-plans/new` and `/job-plans/:planId/edit` open the editor drawer over the list. */
export function Component() {
  const m = useJobPlanMessages()
  const shell = useShellMessages()
  const navigate = useNavigate()
  const isNew = useMatch(paths.jobPlanNew.path)
  const edit = useMatch(paths.jobPlanEdit.path)
  const { data: session } = useQuery(sessionQueries.me())
  const role = session?.user.role ?? 'viewer'
  const canWrite = hasPermission(role, 'scripts:write')
  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{m.plans}</h1>}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(paths.jobPlanNew.href())}>
            {m.newPlan}
          </Button>
        )
      }
    >
      <PlanList canWrite={canWrite} canRun={hasPermission(role, 'executions:run')} />
      {(isNew || edit) && (
        <PlanEditor
          planId={edit?.params.planId}
          roleLabels={shell.roles}
          onClose={() => navigate(paths.jobPlans.href())}
        />
      )}
    </Card>
  )
}
