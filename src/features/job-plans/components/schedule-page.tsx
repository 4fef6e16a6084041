import { ErrorReason } from '../../../components/error-reason'
import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Drawer, Form, Input, Select, Space, Switch, Table, Tag } from 'antd'
import { ItemList, ItemRow } from '../../../components/item-list'
import { useState } from 'react'
import type { Schedule } from '../../../contract/schedules'
import { ApiError } from '../../../lib/api-client'
import { formatTime } from '../../../lib/format'
import {
  jobPlanQueries,
  previewCron,
  type ScheduleInput,
  useSaveSchedule,
  useSetScheduleEnabled,
} from '../api/job-plan-queries'
import { useJobPlanMessages } from '../job-plans-messages'

const ZONES = ['UTC', 'Asia/Shanghai', 'Asia/Singapore', 'Europe/Berlin', 'America/New_York']

/** Schedules with their next runs, enable/disable, run history; the form previews the next 5 fires before saving. */
export function SchedulePage({ canRun }: { canRun: boolean }) {
  const m = useJobPlanMessages()
  const [page, setPage] = useState(1)
  const [creating, setCreating] = useState(false)
  const [history, setHistory] = useState<Schedule | null>(null)
  const { data, error, isLoading } = useQuery(jobPlanQueries.schedules(page))
  const toggle = useSetScheduleEnabled()
  if (error) return <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />
  return (
    <>
      {canRun && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setCreating(true)}>
          {m.newSchedule}
        </Button>
      )}
      <Table<Schedule>
        rowKey="id"
        loading={isLoading}
        dataSource={data?.items}
        scroll={{ x: 'max-content' }}
        pagination={{ current: page, total: data?.total, pageSize: 20, onChange: setPage }}
        columns={[
          { title: m.name, dataIndex: 'name' },
          { title: m.plan, dataIndex: 'planName' },
          { title: m.expression.split(' (')[0], render: (_, s) => <code>{s.expression}</code> },
          { title: m.timeZone, dataIndex: 'timeZone' },
          {
            title: m.enabled,
            render: (_, s) => (
              <Switch
                aria-label={`${s.enabled ? m.disable : m.enable} ${s.name}`}
                checked={s.enabled}
                disabled={!canRun}
                checkedChildren={m.enabled}
                unCheckedChildren={m.paused}
                onChange={(enabled) => toggle.mutate({ scheduleId: s.id, enabled })}
              />
            ),
          },
          { title: m.nextRuns, render: (_, s) => (s.enabled ? s.next.slice(0, 3).map(formatTime).join(', ') : '—') },
          { title: m.lastFire, render: (_, s) => formatTime(s.lastFireAt) },
          {
            title: m.history,
            render: (_, s) => (
              <Button size="small" onClick={() => setHistory(s)}>
                {m.history}
              </Button>
            ),
          },
        ]}
      />
      {creating && <ScheduleForm onClose={() => setCreating(false)} />}
      {history && <FireHistory schedule={history} onClose={() => setHistory(null)} />}
    </>
  )
}

function ScheduleForm({ onClose }: { onClose: () => void }) {
  const m = useJobPlanMessages()
  const [form] = Form.useForm<ScheduleInput>()
  const plans = useQuery(jobPlanQueries.list(1))
  const [preview, setPreview] = useState<Awaited<ReturnType<typeof previewCron>> | { error: unknown } | null>(null)
  const save = useSaveSchedule(undefined, { successMessage: m.saved, onSuccess: onClose, meta: { silent: true } })
  const check = async () => {
    const { expression, timeZone } = form.getFieldsValue()
    try {
      setPreview(await previewCron(expression ?? '', timeZone ?? 'UTC'))
    } catch (err) {
      setPreview({ error: err })
    }
  }
  return (
    <Drawer open size={480} title={m.newSchedule} onClose={onClose}>
      <Alert type="info" showIcon title={m.newSchedulePaused} style={{ marginBottom: 12 }} />
      <Form<ScheduleInput>
        form={form}
        layout="vertical"
        initialValues={{ timeZone: 'UTC', catchUp: 'skip', expression: '0 0/5 * * * ?' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="name" label={m.name} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="planId" label={m.plan} rules={[{ required: true }]}>
          <Select options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
        <Form.Item name="expression" label={m.expression} rules={[{ required: true }]}>
          <Input onChange={() => setPreview(null)} />
        </Form.Item>
        <Form.Item name="timeZone" label={m.timeZone}>
          <Select showSearch options={ZONES.map((z) => ({ value: z, label: z }))} onChange={() => setPreview(null)} />
        </Form.Item>
        <Form.Item name="catchUp" label={m.catchUp}>
          <Select options={(['skip', 'run_once'] as const).map((c) => ({ value: c, label: m.catchUps[c] }))} />
        </Form.Item>
        <Button onClick={check}>{m.preview}</Button>
        {preview && 'error' in preview && (
          <Alert style={{ marginTop: 8 }} type="error" showIcon title={<ErrorReason error={preview.error} />} />
        )}
        {preview && 'next' in preview && (
          <ItemList
            size="small"
            header={`${m.nextRuns} · ${m.exprKinds[preview.kind]}`}
            items={preview.next}
            renderItem={(t) => formatTime(t)}
          />
        )}
        {save.error instanceof ApiError && (
          <Alert style={{ marginTop: 8 }} type="error" showIcon title={<ErrorReason error={save.error} />} />
        )}
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" disabled={!preview || 'error' in preview} loading={save.isPending}>
            {m.save}
          </Button>
          <Button onClick={onClose}>{m.cancel}</Button>
        </Space>
      </Form>
    </Drawer>
  )
}

function FireHistory({ schedule, onClose }: { schedule: Schedule; onClose: () => void }) {
  const m = useJobPlanMessages()
  const { data } = useQuery(jobPlanQueries.fires(schedule.id))
  return (
    <Drawer open size={480} title={`${m.history}: ${schedule.name}`} onClose={onClose}>
      <ItemList
        items={data?.items}
        rowKey={(f) => f.slotAt}
        renderItem={(f) => (
          <ItemRow>
            <Space wrap>
              {formatTime(f.slotAt)}
              <Tag color={f.status === 'fired' || f.status === 'caught_up' ? 'green' : 'red'}>
                {m.fireStatus[f.status]}
              </Tag>
              {/* A missed fire always has the same reason (the server's English sentence): said in words here. */}
              {f.status === 'missed' ? m.missedWhy : f.message}
            </Space>
          </ItemRow>
        )}
      />
    </Drawer>
  )
}
