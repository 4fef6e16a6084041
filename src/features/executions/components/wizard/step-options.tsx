import { Form, Input, InputNumber, Switch } from 'antd'
import { EXECUTION_LIMITS as L } from '../../../../contract/execution-rules'
import { useExecutionMessages } from '../../executions-messages'
import { optionProblems, type ExecOptions } from '../../utils/wizard-plan'

export interface StepOptionsProps {
  options: ExecOptions
  onChange: (patch: Partial<ExecOptions>) => void
}

/** Step 5: timeout, success rate, execute user and the resource switch, with the contract's limits. */
export function StepOptions({ options: o, onChange }: StepOptionsProps) {
  const m = useExecutionMessages().wizard.options
  const problems = optionProblems(o)
  const status = (k: keyof ExecOptions) => (problems[k] ? ('error' as const) : undefined)
  return (
    <Form layout="vertical" style={{ maxWidth: 420 }}>
      <Form.Item label={m.timeout} htmlFor="opt-timeout" validateStatus={status('timeout')} help={problems.timeout}>
        <InputNumber
          id="opt-timeout"
          min={L.timeoutMin}
          max={L.timeoutMax}
          precision={0}
          value={o.timeout}
          style={{ width: 200 }}
          onChange={(v) => onChange({ timeout: v })}
        />
      </Form.Item>
      <Form.Item
        label={m.successRate}
        htmlFor="opt-rate"
        validateStatus={status('successRate')}
        help={problems.successRate ?? m.successRateHint}
      >
        <InputNumber
          id="opt-rate"
          min={L.successRateMin}
          max={L.successRateMax}
          step={0.1}
          precision={1}
          value={o.successRate}
          style={{ width: 200 }}
          onChange={(v) => onChange({ successRate: v })}
        />
      </Form.Item>
      <Form.Item
        label={m.executeUser}
        htmlFor="opt-user"
        validateStatus={status('executeUser')}
        help={problems.executeUser}
      >
        <Input
          id="opt-user"
          value={o.executeUser}
          maxLength={L.executeUserMax}
          style={{ width: 200 }}
          onChange={(e) => onChange({ executeUser: e.target.value })}
        />
      </Form.Item>
      <Form.Item label={m.resourceful} help={m.resourcefulHint}>
        <Switch
          checked={o.resourceful}
          aria-label={m.resourceful}
          onChange={(resourceful) => onChange({ resourceful })}
        />
      </Form.Item>
    </Form>
  )
}
