import { useQuery } from '@tanstack/react-query'
import { Form, Input, Modal, Select } from 'antd'
import type { Schedule, ScheduleBody } from '../../../contract/oncall'
import { oncallQueries, useSaveSchedule } from '../api/oncall-queries'
import { useOncallMessages } from '../oncall-messages'

const ZONES = ['Asia/Shanghai', 'UTC', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'America/Los_Angeles']

export interface ScheduleFormProps {
  /** The schedule to edit; undefined creates one. */
  schedule?: Schedule
  onClose: () => void
}

/** Create or change a schedule: rotation, hand-off time and zone, members in the order they were picked. */
export function ScheduleForm({ schedule, onClose }: ScheduleFormProps) {
  const m = useOncallMessages()
  const [form] = Form.useForm<ScheduleBody>()
  const { data: people = [] } = useQuery(oncallQueries.people())
  const save = useSaveSchedule({ onSuccess: onClose })
  const initial: ScheduleBody = schedule
    ? { ...schedule, memberIds: schedule.members.map((p) => p.id) }
    : {
        name: '',
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        rotation: 'weekly',
        handoffTime: '09:00',
        startDate: new Date().toISOString().slice(0, 10),
        memberIds: [],
      }
  return (
    <Modal
      open
      title={schedule ? m.editSchedule : m.newSchedule}
      okText={m.save}
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() => form.validateFields().then((body) => save.mutate({ id: schedule?.id, body }))}
    >
      <Form form={form} layout="vertical" initialValues={initial}>
        <Form.Item name="name" label={m.name} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="timeZone" label={m.timeZone} rules={[{ required: true }]}>
          <Select
            showSearch
            options={[...new Set([initial.timeZone, ...ZONES])].map((z) => ({ value: z, label: z }))}
          />
        </Form.Item>
        <Form.Item name="rotation" label={m.rotation}>
          <Select
            options={[
              { value: 'daily', label: m.daily },
              { value: 'weekly', label: m.weekly },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="handoffTime"
          label={m.handoff}
          rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/ }]}
        >
          <Input type="time" />
        </Form.Item>
        <Form.Item name="startDate" label={m.startDate} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="memberIds" label={m.members} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Select mode="multiple" options={people.map((p) => ({ value: p.id, label: p.displayName }))} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
