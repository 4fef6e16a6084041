import { Form, Input, Typography } from 'antd'
import type { ScriptParam } from '../../../../contract/scripts'
import { useExecutionMessages } from '../../executions-messages'
import { paramProblem } from '../../utils/wizard-plan'

export interface StepParamsProps {
  params: ScriptParam[]
  values: Record<string, string>
  onChange: (name: string, value: string) => void
}

/** Step 2: the script's parameters with their defaults; sensitive ones are password fields left as `******`. */
export function StepParams({ params, values, onChange }: StepParamsProps) {
  const m = useExecutionMessages().wizard.params
  if (!params.length) return <Typography.Text type="secondary">{m.none}</Typography.Text>
  return (
    <Form layout="vertical" style={{ maxWidth: 560 }}>
      {[...params]
        .sort((a, b) => a.param_order - b.param_order)
        .map((p) => {
          const value = values[p.param_name] ?? p.param_value
          const problem = paramProblem(p, value)
          const Field = p.sensitive ? Input.Password : Input
          return (
            <Form.Item
              key={p.param_name}
              label={p.param_name}
              htmlFor={`param-${p.param_name}`}
              validateStatus={problem ? 'error' : undefined}
              help={problem ?? (p.sensitive ? m.keep : p.param_description || undefined)}
            >
              <Field
                id={`param-${p.param_name}`}
                value={value}
                autoComplete="off"
                onChange={(e) => onChange(p.param_name, e.target.value)}
              />
            </Form.Item>
          )
        })}
    </Form>
  )
}
