import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Descriptions, Input, Space, Steps, Tag } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { ErrorReason } from '../../../components/error-reason'
import { paths } from '../../../config/paths'
import type { PlanRun, RunStatus, StepStatus } from '../../../contract/job-plans'
import { type InboxPhrase, renderPhrase } from '../../../contract/inbox-text'
import { canCancelRun } from '../../../contract/plan-run-machine'
import { formatTime } from '../../../lib/format'
import { fmt, useLocale } from '../../../lib/i18n'
import { jobPlanQueries, useCancelRun, useConfirmStep } from '../api/job-plan-queries'
import { useJobPlanMessages } from '../job-plans-messages'

const RUN_COLOR: Record<RunStatus, string> = {
  waiting_approval: 'gold',
  running: 'processing',
  waiting: 'gold',
  finished: 'green',
  failed: 'red',
  canceled: 'default',
  rejected: 'red',
}
const STEP_STATE: Record<StepStatus, 'wait' | 'process' | 'finish' | 'error'> = {
  pending: 'wait',
  running: 'process',
  waiting: 'process',
  finished: 'finish',
  failed: 'error',
  ignored: 'finish',
  canceled: 'error',
}

export function RunStatusTag({ status }: { status: RunStatus }) {
  const m = useJobPlanMessages()
  return <Tag color={RUN_COLOR[status]}>{m.runStatus[status]}</Tag>
}

/** What a run or step says about its end: the server's phrase in the reader's language, else its text. */
function useSaid() {
  const { locale } = useLocale()
  return (message: string, said: InboxPhrase | null) => (said ? renderPhrase(said, locale, formatTime) : message)
}

/**
 * A plan run: its steps, then the current step's detail: the script step's ticket (batches and hosts on the
 * ticket page, live), Continue / Terminate on a confirmation step, the approval of an approval step.
 */
export function PlanRunView({ runId, canRun }: { runId: string; canRun: boolean }) {
  const m = useJobPlanMessages()
  const { data: run, error } = useQuery(jobPlanQueries.run(runId))
  const cancel = useCancelRun(runId)
  const say = useSaid()
  if (error) return <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />
  if (!run) return null
  return (
    <Card
      title={
        <Space wrap>
          <h1 style={{ fontSize: 18, margin: 0 }}>{fmt(m.runOf, { name: run.planName, version: run.planVersion })}</h1>
          <RunStatusTag status={run.status} />
        </Space>
      }
      extra={
        canRun &&
        canCancelRun(run.status) && (
          <Button danger onClick={() => cancel.mutate()} loading={cancel.isPending}>
            {m.cancelRun}
          </Button>
        )
      }
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
        <Descriptions.Item label={m.creator}>{run.creatorName}</Descriptions.Item>
        <Descriptions.Item label={m.started}>{formatTime(run.startedAt ?? run.createdAt)}</Descriptions.Item>
        {Object.entries(run.variables).map(([k, v]) => (
          <Descriptions.Item key={k} label={k}>
            {v}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {run.message && (
        <Alert style={{ margin: '12px 0' }} type="warning" showIcon title={say(run.message, run.messagePhrase)} />
      )}
      {run.status === 'waiting_approval' && run.approvalId && (
        <Alert
          style={{ margin: '12px 0' }}
          type="info"
          showIcon
          title={m.runStatus.waiting_approval}
          action={<Link to={paths.approval.href(run.approvalId)}>{m.openApproval}</Link>}
        />
      )}
      <Steps
        style={{ marginTop: 16 }}
        orientation="vertical"
        current={run.currentStep}
        items={run.steps.map((s) => ({
          title: `${s.name} · ${m.kinds[s.kind]}`,
          status: STEP_STATE[s.status],
          content: <StepDetail run={run} step={s} />,
        }))}
      />
    </Card>
  )
}

function StepDetail({ run, step }: { run: PlanRun; step: PlanRun['steps'][number] }) {
  const m = useJobPlanMessages()
  const [remark, setRemark] = useState('')
  const confirm = useConfirmStep(run.id)
  const say = useSaid()
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Tag>{m.stepStatus[step.status]}</Tag>
        {step.ticketStatus && <Tag>{m.ticketStatus[step.ticketStatus]}</Tag>}
        {step.message && <span>{say(step.message, step.messagePhrase)}</span>}
      </Space>
      {step.executeUuid && <Link to={paths.ticket.href(step.executeUuid)}>{m.openTicket}</Link>}
      {step.approvalId && <Link to={paths.approval.href(step.approvalId)}>{m.openApproval}</Link>}
      {step.canConfirm && (
        <Space wrap>
          <Input
            placeholder={m.remark}
            aria-label={m.remark}
            value={remark}
            onChange={(e) => setRemark(e.target.value)}
          />
          <Button
            type="primary"
            loading={confirm.isPending}
            onClick={() => confirm.mutate({ stepIndex: step.index, decision: 'continue', remark })}
          >
            {m.continue}
          </Button>
          <Button danger onClick={() => confirm.mutate({ stepIndex: step.index, decision: 'terminate', remark })}>
            {m.terminate}
          </Button>
        </Space>
      )}
    </Space>
  )
}
