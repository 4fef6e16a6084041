import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select } from 'antd'
import { INCIDENT_LEVELS } from '../../../contract/incidents'
import type { EscalationPolicy, PolicyBody } from '../../../contract/oncall'
import { fmt } from '../../../lib/i18n'
import { oncallQueries, useSavePolicy } from '../api/oncall-queries'
import { useOncallMessages } from '../oncall-messages'

/** The form's shape: timeouts in minutes, targets as `schedule:<id>` / `user:<id>`. */
interface PolicyForm {
  name: string
  applicationIds: string[]
  incidentLevels: string[]
  escalateLevels: string[]
  repeatCount: number
  steps: { minutes: number; targets: string[] }[]
}

export interface PolicyFormProps {
  policy?: EscalationPolicy
  onClose: () => void
}

/** Escalation policy editor: levels with a timeout and targets each, repeats, what it covers. */
export function PolicyFormModal({ policy, onClose }: PolicyFormProps) {
  const m = useOncallMessages()
  const [form] = Form.useForm<PolicyForm>()
  const { data: people = [] } = useQuery(oncallQueries.people())
  const { data: schedules = [] } = useQuery(oncallQueries.schedules())
  const save = useSavePolicy({ onSuccess: onClose })
  const targetOptions = [
    ...schedules.map((s) => ({ value: `schedule:${s.id}`, label: `⏱ ${s.name}` })),
    ...people.map((p) => ({ value: `user:${p.id}`, label: p.displayName })),
  ]
  const initial: PolicyForm = {
    name: policy?.name ?? '',
    applicationIds: policy?.applicationIds ?? [],
    incidentLevels: policy?.incidentLevels ?? [],
    escalateLevels: policy?.escalateLevels ?? ['level_10', 'level_20'],
    repeatCount: policy?.repeatCount ?? 0,
    steps: policy?.steps.map((s) => ({
      minutes: s.timeoutSec / 60,
      targets: s.targets.map((t) => `${t.type}:${t.id}`),
    })) ?? [{ minutes: 5, targets: [] }],
  }
  const submit = (f: PolicyForm) => {
    const body: PolicyBody = {
      ...f,
      incidentLevels: f.incidentLevels as PolicyBody['incidentLevels'],
      escalateLevels: f.escalateLevels as PolicyBody['escalateLevels'],
      steps: f.steps.map((s) => ({
        timeoutSec: Math.max(1, Math.round(s.minutes * 60)),
        targets: s.targets.map((t) => {
          const [type, id] = t.split(':') as ['schedule' | 'user', string]
          return { type, id }
        }),
      })),
    }
    save.mutate({ id: policy?.id, body })
  }
  const levels = INCIDENT_LEVELS.map((l) => ({ value: l.key, label: l.en }))
  return (
    <Modal
      open
      width={640}
      title={policy ? m.editPolicy : m.newPolicy}
      okText={m.save}
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() => form.validateFields().then(submit)}
    >
      <Form form={form} layout="vertical" initialValues={initial}>
        <Form.Item name="name" label={m.name} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.List name="steps">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Card
                  key={f.key}
                  size="small"
                  title={fmt(m.level, { n: i + 1 })}
                  style={{ marginBottom: 8 }}
                  extra={
                    fields.length > 1 && <MinusCircleOutlined aria-label={m.remove} onClick={() => remove(f.name)} />
                  }
                >
                  <Form.Item
                    name={[f.name, 'targets']}
                    label={m.targets}
                    rules={[{ required: true, type: 'array', min: 1 }]}
                  >
                    <Select mode="multiple" options={targetOptions} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'minutes']} label={m.timeoutMin} rules={[{ required: true }]}>
                    <InputNumber min={0.1} max={1440} step={1} />
                  </Form.Item>
                </Card>
              ))}
              {fields.length < 10 && (
                <Button icon={<PlusOutlined />} onClick={() => add({ minutes: 15, targets: [] })}>
                  {m.addLevel}
                </Button>
              )}
            </>
          )}
        </Form.List>
        <Form.Item name="repeatCount" label={m.repeat} style={{ marginTop: 16 }}>
          <InputNumber min={0} max={9} />
        </Form.Item>
        <Form.Item name="escalateLevels" label={m.escalateLevels}>
          <Checkbox.Group options={levels} />
        </Form.Item>
        <Form.Item name="incidentLevels" label={m.incidentLevels}>
          <Checkbox.Group options={levels} />
        </Form.Item>
        <Form.Item name="applicationIds" label={m.applications}>
          <Select mode="tags" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
