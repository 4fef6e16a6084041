import { Alert, Checkbox, Descriptions, Input, Space, Tag } from 'antd'
import { EXECUTION_ROLLBACK_MAX } from '../../../../contract/executions'
import type { Host } from '../../../../contract/cmdb'
import type { RotationStrategy } from '../../../../contract/execution-rules'
import type { ScriptView } from '../../../../contract/script-console'
import { SENSITIVE_MASK } from '../../../../contract/script-rules'
import { ApiError } from '../../../../lib/api-client'
import { fmt } from '../../../../lib/i18n'
import { useExecutionMessages } from '../../executions-messages'
import type { ExecOptions } from '../../utils/wizard-plan'
import { RiskLevelTag } from '../execution-tags'

export interface StepReviewProps {
  view: ScriptView
  values: Record<string, string>
  batches: Host[][]
  rotations: RotationStrategy[]
  options: ExecOptions
  isConfirmed: boolean
  onConfirm: (confirmed: boolean) => void
  /** A HIGH-risk run's rollback plan, shown to its approvers. */
  rollback: string
  onRollback: (text: string) => void
  error: Error | null
}

/** Server refusals in full: the message and, for validation errors, each field's problem. */
function ServerError({ error, title }: { error: Error; title: string }) {
  const body =
    error instanceof ApiError
      ? (error.body as { error?: { details?: { path: string; message: string }[] } } | null)
      : null
  const details = body?.error?.details ?? []
  return (
    <Alert
      type="error"
      showIcon
      title={title}
      description={
        <>
          <div>{error.message}</div>
          {details.length > 0 && (
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {details.map((d) => (
                <li key={d.path + d.message}>
                  <code>{d.path}</code>: {d.message}
                </li>
              ))}
            </ul>
          )}
        </>
      }
    />
  )
}

/** Step 6: everything that will run; a HIGH-risk script needs an explicit confirmation. */
export function StepReview({
  view,
  values,
  batches,
  rotations,
  options: o,
  isConfirmed,
  onConfirm,
  rollback,
  onRollback,
  error,
}: StepReviewProps) {
  const root = useExecutionMessages()
  const m = root.wizard.review
  const s = view.script
  const isHigh = s.properties.risk_level === 'HIGH'
  const hosts = batches.reduce((a, b) => a + b.length, 0)
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          {
            key: 'script',
            label: m.script,
            children: (
              <Space>
                {s.name}
                <Tag>{s.type}</Tag>
                {s.version}
              </Space>
            ),
          },
          { key: 'risk', label: m.risk, children: <RiskLevelTag level={s.properties.risk_level} /> },
          {
            key: 'params',
            label: m.params,
            children:
              s.script_params.length === 0 ? (
                root.detail.noParams
              ) : (
                <Space wrap>
                  {s.script_params.map((p) => (
                    <Tag key={p.param_name}>
                      {p.param_name} = {p.sensitive ? SENSITIVE_MASK : (values[p.param_name] ?? p.param_value)}
                    </Tag>
                  ))}
                </Space>
              ),
          },
          { key: 'hosts', label: m.hosts, children: hosts },
          {
            key: 'batches',
            label: m.batches,
            children: (
              <Space wrap>
                {batches
                  .map((b, i) => ({ no: i + 1, size: b.length, rotation: rotations[i] ?? 'CONTINUE' }))
                  .map((b) => (
                    // Batches are identified by their number.
                    <Tag key={b.no} color={b.rotation === 'PAUSE' ? 'gold' : undefined}>
                      {`${b.no}: ${b.size} · ${root.rotation[b.rotation]}`}
                    </Tag>
                  ))}
              </Space>
            ),
          },
          {
            key: 'options',
            label: m.options,
            children: fmt(m.optionsText, {
              timeout: o.timeout ?? '',
              rate: o.successRate ?? '',
              user: o.executeUser,
              resources: o.resourceful ? root.detail.unlimited : root.detail.lowPriority,
            }),
          },
        ]}
      />
      {isHigh && (
        <Alert
          type="warning"
          showIcon
          title={m.highRisk}
          description={
            <Space orientation="vertical">
              {m.highRiskBody}
              <Checkbox checked={isConfirmed} onChange={(e) => onConfirm(e.target.checked)}>
                {fmt(m.confirm, { n: hosts })}
              </Checkbox>
              <label htmlFor="wizard-rollback">{m.rollback}</label>
              <Input.TextArea
                id="wizard-rollback"
                value={rollback}
                maxLength={EXECUTION_ROLLBACK_MAX}
                autoSize={{ minRows: 2, maxRows: 6 }}
                placeholder={m.rollbackHelp}
                aria-describedby="wizard-rollback-help"
                onChange={(e) => onRollback(e.target.value)}
              />
              <span id="wizard-rollback-help" style={{ fontSize: 12, opacity: 0.75 }}>
                {m.rollbackHelp}
              </span>
            </Space>
          }
        />
      )}
      {error && <ServerError error={error} title={m.failed} />}
    </Space>
  )
}
