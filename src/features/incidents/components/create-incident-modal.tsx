import { Button, Form, Input, Modal, Select, Switch } from 'antd'
import { useRef } from 'react'
import { INCIDENT_LEVELS, INCIDENT_TYPES } from '../../../contract/incidents'
import { useLocale } from '../../../lib/i18n'
import { useCreateIncident } from '../api/incidents-mutations'
import { useIncidentMessages } from '../incidents-messages'
import { toast } from '../../../lib/toast'

export interface CreateIncidentModalProps {
  isOpen: boolean
  creator: string
  onClose: () => void
}

/** Manual incident (or draft): the seed's create body with the console user as creator. */
export function CreateIncidentModal({ isOpen, creator, onClose }: CreateIncidentModalProps) {
  const m = useIncidentMessages()
  const { locale } = useLocale()
  const [form] = Form.useForm()
  const create = useCreateIncident({
    onSuccess: () => {
      form.resetFields()
      onClose()
    },
  })
  // Which button submitted the form: a draft waits on the board until someone submits it.
  const asDraft = useRef(false)
  const submit = (draft: boolean) => {
    asDraft.current = draft
    form.submit()
  }
  const name = (e: { zh: string; en: string }) => (locale === 'zh-CN' ? e.zh : e.en)
  return (
    <Modal
      open={isOpen}
      title={m.create}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {m.cancel}
        </Button>,
        <Button key="draft" loading={create.isPending && asDraft.current} onClick={() => submit(true)}>
          {m.form.saveDraft}
        </Button>,
        <Button
          key="submit"
          type="primary"
          loading={create.isPending && !asDraft.current}
          onClick={() => submit(false)}
        >
          {m.submit}
        </Button>,
      ]}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          incident_level: 'level_30',
          incident_type: 'inc_type_p_function_issues',
          is_service_interrupt: false,
        }}
        onFinish={(v) =>
          create.mutate(
            {
              incident_title: v.incident_title,
              incident_description: v.incident_description,
              incident_level: v.incident_level,
              incident_type: v.incident_type,
              incident_source: 'incident_source_manual',
              current_cloud_service: [v.app],
              region: v.region ? [v.region] : [],
              is_service_interrupt: !!v.is_service_interrupt,
              incident_assignee: [v.assignee || creator],
              creator,
              draft: asDraft.current,
            },
            { onSuccess: () => toast.success(asDraft.current ? m.form.draftSaved : m.form.done) },
          )
        }
      >
        <Form.Item
          name="incident_title"
          label={m.form.title}
          rules={[{ required: true, message: m.form.required }, { max: 200 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="incident_description"
          label={m.form.description}
          rules={[{ required: true, message: m.form.required }, { max: 600 }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="incident_level" label={m.form.level}>
          <Select options={INCIDENT_LEVELS.map((l) => ({ value: l.key, label: name(l) }))} />
        </Form.Item>
        <Form.Item name="incident_type" label={m.form.type}>
          <Select options={INCIDENT_TYPES.map((t) => ({ value: t.key, label: name(t) }))} />
        </Form.Item>
        <Form.Item name="app" label={m.form.app} rules={[{ required: true, message: m.form.required }, { max: 255 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="region" label={m.form.region} rules={[{ max: 255 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="assignee" label={m.form.assignee} rules={[{ max: 255 }]}>
          <Input placeholder={creator} />
        </Form.Item>
        <Form.Item name="is_service_interrupt" label={m.form.interrupt} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  )
}
