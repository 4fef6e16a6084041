import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space } from 'antd'
import { OperatingSystemSchema, SEVERITIES, type Baseline } from '../../../contract/patches'
import { useSaveBaseline } from '../api/patches-mutations'
import { usePatchMessages } from '../patches-messages'

const CLASSIFICATIONS = ['Security', 'Bugfix', 'Enhancement', 'Other']
const lines = (s: string | undefined) =>
  (s ?? '')
    .split(/\s+/)
    .map((x) => x.trim())
    .filter(Boolean)

export interface BaselineFormProps {
  baseline: Baseline | null
  onClose: () => void
}

/** Create or edit a baseline: rules, approved and rejected package lists, default flag. */
export function BaselineForm({ baseline, onClose }: BaselineFormProps) {
  const m = usePatchMessages()
  const [form] = Form.useForm()
  const save = useSaveBaseline({ successMessage: m.baselines.saved, onSuccess: onClose })
  const initial = baseline
    ? { ...baseline, approved: baseline.approved_patches.join('\n'), rejected: baseline.rejected_patches.join('\n') }
    : {
        operating_system: 'Debian',
        rules: [{ classifications: ['Security'], severities: [], approve_after_days: 7, compliance_level: 'HIGH' }],
        is_default: false,
      }
  return (
    <Modal
      open
      title={baseline ? baseline.name : m.baselines.create}
      width={760}
      okText={m.save}
      cancelText={m.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) =>
          save.mutate({
            id: baseline?.id,
            body: {
              name: v.name,
              operating_system: v.operating_system,
              description: v.description ?? '',
              rules: v.rules,
              is_default: !!v.is_default,
              approved_patches: lines(v.approved),
              rejected_patches: lines(v.rejected),
            },
          })
        }
      >
        <Space align="start">
          <Form.Item
            name="name"
            label={m.baselines.name}
            rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,64}$/ }]}
          >
            <Input style={{ width: 320 }} />
          </Form.Item>
          <Form.Item name="operating_system" label={m.baselines.os} rules={[{ required: true }]}>
            <Select
              style={{ width: 200 }}
              options={OperatingSystemSchema.options.map((o) => ({ value: o, label: o }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={m.baselines.description} rules={[{ max: 256 }]}>
          <Input />
        </Form.Item>
        <Form.List name="rules">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'classifications']} label={m.baselines.classifications}>
                    <Select mode="tags" style={{ width: 200 }} options={CLASSIFICATIONS.map((c) => ({ value: c }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'severities']} label={m.baselines.severities}>
                    <Select
                      mode="multiple"
                      style={{ width: 200 }}
                      options={SEVERITIES.map((s) => ({ value: s, label: m.severity[s] }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'approve_after_days']}
                    label={m.baselines.days}
                    rules={[{ required: true }]}
                  >
                    <InputNumber min={0} max={360} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'compliance_level']} label={m.baselines.level} rules={[{ required: true }]}>
                    <Select
                      style={{ width: 130 }}
                      options={SEVERITIES.map((s) => ({ value: s, label: m.severity[s] }))}
                    />
                  </Form.Item>
                  {fields.length > 1 && (
                    <MinusCircleOutlined style={{ marginTop: 38 }} onClick={() => remove(f.name)} />
                  )}
                </Space>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() =>
                  add({ classifications: [], severities: [], approve_after_days: 7, compliance_level: 'MEDIUM' })
                }
                style={{ marginBottom: 16 }}
              >
                {m.baselines.addRule}
              </Button>
            </>
          )}
        </Form.List>
        <Space align="start" style={{ display: 'flex' }}>
          <Form.Item name="approved" label={m.baselines.approved} extra={m.baselines.onePerLine}>
            <Input.TextArea rows={4} style={{ width: 340 }} />
          </Form.Item>
          <Form.Item name="rejected" label={m.baselines.rejected} extra={m.baselines.onePerLine}>
            <Input.TextArea rows={4} style={{ width: 340 }} />
          </Form.Item>
        </Space>
        <Form.Item name="is_default" valuePropName="checked">
          <Checkbox>{m.baselines.makeDefault}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  )
}
