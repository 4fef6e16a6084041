import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Popconfirm, Result, Space, Spin, Steps, Tooltip } from 'antd'
import { useMemo, useState } from 'react'
import { Link } from 'react-router'
import { paths } from '../../../../config/paths'
import type { Host } from '../../../../contract/cmdb'
import type { RotationStrategy } from '../../../../contract/execution-rules'
import { toast } from '../../../../lib/toast'
import { useCreateExecution, useWithdrawRun } from '../../api/execution-mutations'
import { executionQueries } from '../../api/execution-queries'
import { useExecutionMessages } from '../../executions-messages'
import {
  batchProblems,
  buildCreateBody,
  DEFAULT_OPTIONS,
  DEFAULT_SPLIT,
  moveHost,
  optionProblems,
  paramProblem,
  splitHosts,
  type ExecOptions,
  type Split,
} from '../../utils/wizard-plan'
import { StepBatches } from './step-batches'
import { StepOptions } from './step-options'
import { StepParams } from './step-params'
import { StepReview } from './step-review'
import { StepScript } from './step-script'
import { StepTargets } from './step-targets'

export interface ExecutionWizardProps {
  /** `?script=<uuid>`: starts on the parameters with this script picked. */
  initialScript?: string | null
  /** `?savedQuery=<id>`: a saved host query offered (opened) on the hosts step. */
  initialSavedQuery?: string
  onStarted: (executeUuid: string) => void
}

/** The six-step wizard: script → parameters → hosts → batches → options → review and run. */
export function ExecutionWizard({ initialScript, initialSavedQuery, onStarted }: ExecutionWizardProps) {
  const m = useExecutionMessages().wizard
  const [step, setStep] = useState(initialScript ? 1 : 0)
  const [scriptUuid, setScriptUuid] = useState<string | null>(initialScript ?? null)
  const [values, setValues] = useState<Record<string, string>>({})
  const [hosts, setHosts] = useState<Host[]>([])
  const [split, setSplit] = useState<Split>(DEFAULT_SPLIT)
  const [moved, setMoved] = useState<{ basis: string; batches: Host[][] } | null>(null)
  const [rotations, setRotations] = useState<RotationStrategy[]>([])
  const [options, setOptions] = useState<ExecOptions>(DEFAULT_OPTIONS)
  const [isConfirmed, setConfirmed] = useState(false)
  const [rollback, setRollback] = useState('')
  /** The approval a submitted HIGH-risk run waits for (the server decides: admins' runs start at once). */
  const [waitingFor, setWaitingFor] = useState<string | null>(null)
  const withdraw = useWithdrawRun()
  const view = useQuery({ ...executionQueries.script(scriptUuid ?? ''), enabled: !!scriptUuid })
  const create = useCreateExecution({
    onSuccess: (r) => {
      if (r.executeUuid === null) return setWaitingFor(r.approvalId)
      toast.success(m.started)
      onStarted(r.executeUuid)
    },
  })

  // Manual moves hold until the hosts or the split change; then the automatic layout comes back.
  const basis = JSON.stringify([hosts.map((h) => h.id), split])
  const auto = useMemo(() => splitHosts(hosts, split), [hosts, split])
  const batches = moved?.basis === basis ? moved.batches : auto.batches
  const problems = auto.error ? [auto.error] : batchProblems(batches)

  const script = view.data?.script
  const params = script?.script_params ?? []
  const notApproved = script && script.status !== 'APPROVED'
  const isHigh = script?.properties.risk_level === 'HIGH'
  const blockers: (string | null)[] = [
    !script || notApproved ? m.script.none : null,
    params.some((p) => paramProblem(p, values[p.param_name] ?? p.param_value)) ? m.steps.params : null,
    hosts.length === 0 ? m.targets.none : null,
    problems.length ? problems[0] : null,
    Object.keys(optionProblems(options)).length ? m.steps.options : null,
    isHigh && !isConfirmed ? m.review.mustConfirm : null,
  ]
  const blocked = blockers.slice(0, step + 1).find(Boolean) ?? null

  function submit() {
    if (!script) return
    create.mutate(
      buildCreateBody({
        scriptUuid: script.script_uuid,
        params,
        values,
        batches,
        rotations,
        options,
        confirmHighRisk: isHigh && isConfirmed,
        rollbackPlan: isHigh ? rollback : undefined,
      }),
    )
  }

  const pick = (uuid: string | null) => {
    setScriptUuid(uuid)
    setValues({})
    setConfirmed(false)
    setRollback('')
  }
  const body = [
    <StepScript key="script" scriptUuid={scriptUuid} onPick={pick} />,
    view.isLoading ? (
      <Spin key="params" />
    ) : (
      <StepParams
        key="params"
        params={params}
        values={values}
        onChange={(k, v) => setValues((x) => ({ ...x, [k]: v }))}
      />
    ),
    <StepTargets key="targets" selected={hosts} onChange={setHosts} initialSavedQuery={initialSavedQuery} />,
    <StepBatches
      key="batches"
      split={split}
      onSplit={(p) => setSplit((s) => ({ ...s, ...p }))}
      batches={batches}
      problems={problems}
      rotations={rotations}
      onRotation={(i, r) => setRotations((rs) => Object.assign([...rs], { [i]: r }))}
      onMove={(id, to) => setMoved({ basis, batches: moveHost(batches, id, to) })}
    />,
    <StepOptions key="options" options={options} onChange={(p) => setOptions((o) => ({ ...o, ...p }))} />,
    view.data ? (
      <StepReview
        key="review"
        view={view.data}
        values={values}
        batches={batches}
        rotations={rotations}
        options={options}
        isConfirmed={isConfirmed}
        onConfirm={setConfirmed}
        rollback={rollback}
        onRollback={setRollback}
        error={create.error}
      />
    ) : (
      <Spin key="review" />
    ),
  ][step]

  const next = step < 5
  if (waitingFor)
    return (
      <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{m.title}</h1>}>
        <Result
          status={withdraw.isSuccess ? 'warning' : 'info'}
          title={withdraw.isSuccess ? m.waiting.withdrawn : m.waiting.title}
          subTitle={withdraw.isSuccess ? null : m.waiting.body}
          extra={
            <Space wrap>
              <Link to={paths.approval.href(waitingFor)}>{m.waiting.open}</Link>
              {!withdraw.isSuccess && (
                <Popconfirm
                  title={m.waiting.withdrawConfirm}
                  okText={m.waiting.withdraw}
                  cancelText={m.waiting.keep}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => withdraw.mutate({ approvalId: waitingFor })}
                >
                  <Button danger loading={withdraw.isPending}>
                    {m.waiting.withdraw}
                  </Button>
                </Popconfirm>
              )}
              <Button
                onClick={() => {
                  pick(null)
                  setStep(0)
                  setWaitingFor(null)
                  create.reset()
                  withdraw.reset()
                }}
              >
                {m.waiting.another}
              </Button>
            </Space>
          }
        />
      </Card>
    )
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{m.title}</h1>}>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Steps
          current={step}
          size="small"
          onChange={(s) => s < step && setStep(s)}
          items={(['script', 'params', 'targets', 'batches', 'options', 'review'] as const).map((k) => ({
            title: m.steps[k],
          }))}
        />
        {view.error && <Alert type="error" showIcon title={view.error.message} />}
        {notApproved && <Alert type="error" showIcon title={m.script.onlyApproved} />}
        {step > 0 && script && (
          <Alert
            type="info"
            title={
              <Space>
                {m.script.picked}: <b>{script.name}</b>
              </Space>
            }
          />
        )}
        {body}
        <Space>
          {step > 0 && <Button onClick={() => setStep(step - 1)}>{m.back}</Button>}
          <Tooltip title={blocked}>
            {next ? (
              <Button type="primary" disabled={!!blocked} onClick={() => setStep(step + 1)}>
                {m.next}
              </Button>
            ) : (
              <Button
                type="primary"
                danger={isHigh}
                disabled={!!blocked || create.isPending}
                loading={create.isPending}
                onClick={submit}
              >
                {m.submit}
              </Button>
            )}
          </Tooltip>
        </Space>
      </Space>
    </Card>
  )
}
