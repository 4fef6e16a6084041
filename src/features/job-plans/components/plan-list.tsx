import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { ErrorReason } from '../../../components/error-reason'
import { paths } from '../../../config/paths'
import type { JobPlan } from '../../../contract/job-plans'
import { ApiError } from '../../../lib/api-client'
import { formatTime } from '../../../lib/format'
import { fmt } from '../../../lib/i18n'
import { jobPlanQueries, useRunPlan } from '../api/job-plan-queries'
import { useJobPlanMessages } from '../job-plans-messages'

export interface PlanListProps {
  canWrite: boolean
  canRun: boolean
}

/** Plans table with Edit and Run; Run asks for the plan's variables first. */
export function PlanList({ canWrite, canRun }: PlanListProps) {
  const m = useJobPlanMessages()
  const navigate = useNavigate()
  const [page, setPage] = useState(1)
  const [running, setRunning] = useState<JobPlan | null>(null)
  const { data, error, isLoading } = useQuery(jobPlanQueries.list(page))
  if (error) return <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />
  return (
    <>
      <Table<JobPlan>
        rowKey="id"
        loading={isLoading}
        dataSource={data?.items}
        locale={{ emptyText: m.empty }}
        scroll={{ x: 'max-content' }}
        pagination={{ current: page, total: data?.total, pageSize: 20, onChange: setPage }}
        columns={[
          { title: m.name, dataIndex: 'name' },
          { title: m.version, dataIndex: 'version', width: 90 },
          {
            title: m.status,
            dataIndex: 'status',
            render: (s: JobPlan['status']) => (
              <Tag color={s === 'active' ? 'green' : s === 'rejected' ? 'red' : 'gold'}>{m.planStatus[s]}</Tag>
            ),
          },
          { title: m.steps, render: (_, p) => p.steps.map((s) => m.kinds[s.kind]).join(' → ') },
          { title: m.updated, dataIndex: 'updatedAt', render: (t: string) => formatTime(t) },
          {
            title: m.actions,
            render: (_, p) => (
              <Space>
                {canWrite && (
                  <Button size="small" onClick={() => navigate(paths.jobPlanEdit.href(p.id))}>
                    {m.edit}
                  </Button>
                )}
                {canRun && (
                  <Button size="small" type="primary" onClick={() => setRunning(p)}>
                    {m.run}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {running && <RunPlanModal plan={running} onClose={() => setRunning(null)} />}
    </>
  )
}

function RunPlanModal({ plan, onClose }: { plan: JobPlan; onClose: () => void }) {
  const m = useJobPlanMessages()
  const navigate = useNavigate()
  const [form] = Form.useForm<Record<string, string>>()
  const run = useRunPlan(plan.id, {
    successMessage: m.started_,
    meta: { silent: true },
    onSuccess: (r) => navigate(paths.planRun.href(r.id)),
  })
  const error = run.error instanceof ApiError ? run.error : null
  return (
    <Modal
      open
      title={fmt(m.runPlan, { name: plan.name })}
      okText={m.start}
      cancelText={m.cancel}
      confirmLoading={run.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={Object.fromEntries(plan.variables.map((v) => [v.name, v.default]))}
        onFinish={(values) => run.mutate(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)))}
      >
        {plan.variables.map((v) => (
          <Form.Item
            key={v.name}
            name={v.name}
            label={v.description ? `${v.name} — ${v.description}` : v.name}
            rules={[{ required: v.required }]}
          >
            {v.allowed.length ? (
              <Select options={v.allowed.map((a) => ({ value: a, label: a }))} />
            ) : v.type === 'sensitive' ? (
              <Input.Password autoComplete="off" />
            ) : (
              <Input />
            )}
          </Form.Item>
        ))}
      </Form>
      {error && <Alert type="error" showIcon title={<ErrorReason error={error} />} />}
    </Modal>
  )
}
