import { useQuery } from '@tanstack/react-query'
import { Alert, Table } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { ErrorReason } from '../../../components/error-reason'
import { paths } from '../../../config/paths'
import type { PlanRun } from '../../../contract/job-plans'
import { formatTime } from '../../../lib/format'
import { jobPlanQueries } from '../api/job-plan-queries'
import { useJobPlanMessages } from '../job-plans-messages'
import { RunStatusTag } from './plan-run-view'

/** Plan runs, newest first; live ones refresh. */
export function RunList() {
  const m = useJobPlanMessages()
  const [page, setPage] = useState(1)
  const { data, error, isLoading } = useQuery(jobPlanQueries.runs(page))
  if (error) return <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />
  return (
    <Table<PlanRun>
      rowKey="id"
      loading={isLoading}
      dataSource={data?.items}
      scroll={{ x: 'max-content' }}
      pagination={{ current: page, total: data?.total, pageSize: 20, onChange: setPage }}
      columns={[
        {
          title: m.plan,
          render: (_, r) => <Link to={paths.planRun.href(r.id)}>{`${r.planName} v${r.planVersion}`}</Link>,
        },
        { title: m.status, render: (_, r) => <RunStatusTag status={r.status} /> },
        {
          title: m.steps,
          render: (_, r) =>
            `${r.steps.filter((s) => s.status === 'finished' || s.status === 'ignored').length}/${r.steps.length}`,
        },
        { title: m.creator, dataIndex: 'creatorName' },
        { title: m.started, render: (_, r) => formatTime(r.startedAt ?? r.createdAt) },
      ]}
    />
  )
}
