import { useQuery } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Switch,
  Tabs,
  Tag,
  Timeline,
} from 'antd'
import { INCIDENT_TYPES, type OperateKey } from '../../../contract/incidents'
import { fmt, useLocale } from '../../../lib/i18n'
import { formatTime } from '../../../lib/format'
import { useHandleIncident } from '../api/incidents-mutations'
import { incidentQueries } from '../api/incidents-queries'
import { useIncidentMessages } from '../incidents-messages'
import { LEVEL_COLORS } from './incident-card'
import { PanelBoundary } from '../../../components/panel-boundary'
import { IncidentPaging } from './incident-paging'
import { useTimelineSentence } from '../timeline-sentences'
import { Link } from 'react-router'
import { paths } from '../../../config/paths'
import { ErrorReason } from '../../../components/error-reason'

export interface IncidentDrawerProps {
  num: string | null
  operator: string
  /** Opens directly on this action's form (after a drag onto a column that needs input). */
  pending?: { key: OperateKey; confirmResult?: boolean } | null
  onClose: () => void
}

/** Incident detail: fields, timeline, linked alarms and the forms of the actions the server allows now. */
export function IncidentDrawer({ num, operator, pending, onClose }: IncidentDrawerProps) {
  const m = useIncidentMessages()
  const { locale } = useLocale()
  const { data: i, error } = useQuery({ ...incidentQueries.view(num ?? ''), enabled: !!num })
  const handle = useHandleIncident(operator)
  const run = (key: OperateKey, parameter?: Record<string, unknown>) =>
    handle.mutate(
      { incident_num: num!, operate_key: key, parameter },
      {
        onSuccess: () => {
          if (key !== 'acceptedIncident1') onClose()
        },
      },
    )
  const label = (list: { key: string; zh: string; en: string }[], key: string) => {
    const e = list.find((x) => x.key === key)
    return e ? (locale === 'zh-CN' ? e.zh : e.en) : key
  }
  const can = (k: OperateKey) => !!i?.allowed_actions.includes(k)
  const sentence = useTimelineSentence()
  const names: Record<string, string> = i?.assignee && i.assignee_name ? { [i.assignee]: i.assignee_name } : {}

  return (
    <Drawer
      open={!!num}
      onClose={onClose}
      size={640}
      title={
        i ? (
          <Space>
            <Tag color={LEVEL_COLORS[i.level]}>{i.level.replace('level_', 'P').replace('0', '')}</Tag>
            {i.title}
          </Space>
        ) : (
          num
        )
      }
    >
      {error && <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />}
      {i && (
        <>
          <Descriptions
            size="small"
            column={2}
            items={[
              { key: 'num', label: 'No.', children: i.incident_num },
              { key: 'status', label: 'Status', children: m.statusNames[i.status] ?? i.status },
              { key: 'app', label: m.drawer.app, children: i.application_id },
              { key: 'region', label: m.drawer.region, children: i.region ?? m.none },
              { key: 'assignee', label: m.drawer.assignee, children: i.assignee_name ?? m.none },
              { key: 'created', label: m.drawer.created, children: formatTime(i.created_at) },
              ...(i.war_room_num
                ? [
                    {
                      key: 'warRoom',
                      label: m.paging.warRoom,
                      children: <Link to={paths.warRoom.href(i.war_room_num)}>{i.war_room_num}</Link>,
                    },
                  ]
                : []),
              { key: 'desc', label: m.form.description, span: 2, children: i.description },
              ...(i.cause ? [{ key: 'cause', label: m.drawer.cause, span: 2, children: i.cause }] : []),
              ...(i.solution ? [{ key: 'solution', label: m.drawer.solution, span: 2, children: i.solution }] : []),
            ]}
          />
          <Space style={{ margin: '16px 0' }} wrap>
            {can('acceptedIncident1') && (
              <Button type="primary" loading={handle.isPending} onClick={() => run('acceptedIncident1')}>
                {m.actions.acceptedIncident1}
              </Button>
            )}
            {can('submitDraft1') && (
              <Button type="primary" onClick={() => run('submitDraft1')}>
                {m.actions.submitDraft1}
              </Button>
            )}
          </Space>
          {can('commitSolution1') && (
            <Form
              layout="vertical"
              onFinish={(v) => run('commitSolution1', v)}
              initialValues={{ mtm_type: i.type, is_service_interrupt: i.is_service_interrupt }}
            >
              <Form.Item name="mtm_type" label={m.drawer.mtmType} rules={[{ required: true }]}>
                <Select options={INCIDENT_TYPES.map((t) => ({ value: t.key, label: label(INCIDENT_TYPES, t.key) }))} />
              </Form.Item>
              <Form.Item name="is_service_interrupt" label={m.drawer.interrupt} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="cause" label={m.drawer.cause} rules={[{ required: true, max: 10000 }]}>
                <Input.TextArea rows={3} autoFocus={pending?.key === 'commitSolution1'} />
              </Form.Item>
              <Form.Item name="solution" label={m.drawer.solution} rules={[{ required: true, max: 10000 }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={handle.isPending}>
                {m.actions.commitSolution1}
              </Button>
            </Form>
          )}
          {can('confirm') && (
            <Form
              layout="vertical"
              onFinish={(v) => run('confirm', v)}
              initialValues={{ virtual_confirm_result: pending?.confirmResult ?? true, virtual_confirm_comment: '' }}
            >
              <Form.Item name="virtual_confirm_result">
                <Radio.Group
                  options={[
                    { value: true, label: m.drawer.verifyPass },
                    { value: false, label: m.drawer.verifyFail },
                  ]}
                />
              </Form.Item>
              <Form.Item name="virtual_confirm_comment" label={m.drawer.comment} rules={[{ max: 300 }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={handle.isPending}>
                {m.actions.confirm}
              </Button>
            </Form>
          )}
          {can('rejectIncident1') && (
            <Form layout="inline" onFinish={(v) => run('rejectIncident1', v)} style={{ marginTop: 8 }}>
              <Form.Item name="reason" rules={[{ required: true, max: 1000 }]}>
                <Input
                  placeholder={m.drawer.reason}
                  aria-label={m.drawer.reason}
                  autoFocus={pending?.key === 'rejectIncident1'}
                />
              </Form.Item>
              <Button danger htmlType="submit">
                {m.actions.rejectIncident1}
              </Button>
            </Form>
          )}
          <Tabs
            style={{ marginTop: 16 }}
            items={[
              {
                key: 'timeline',
                label: m.drawer.timeline,
                children: (
                  <PanelBoundary title={m.drawer.timeline}>
                    <Timeline
                      items={i.timeline.map((t) => ({
                        content: (
                          <span>
                            <b>{sentence(t, names)}</b> · {formatTime(t.at)}
                            {t.to_status ? ` → ${m.statusNames[t.to_status] ?? t.to_status}` : ''}
                            {typeof t.fields.cause === 'string' ? <div>{String(t.fields.cause)}</div> : null}
                            {typeof t.fields.virtual_confirm_comment === 'string' &&
                            t.fields.virtual_confirm_comment ? (
                              <div>{String(t.fields.virtual_confirm_comment)}</div>
                            ) : null}
                            {typeof t.fields.reason === 'string' ? <div>{String(t.fields.reason)}</div> : null}
                          </span>
                        ),
                      }))}
                    />
                  </PanelBoundary>
                ),
              },
              {
                key: 'paging',
                label: m.paging.tab,
                children: (
                  <PanelBoundary title={m.paging.tab}>
                    <IncidentPaging num={i.incident_num} />
                  </PanelBoundary>
                ),
              },
              {
                key: 'alarms',
                label: `${m.drawer.alarms} (${i.alarms.length})`,
                children: (
                  <PanelBoundary title={m.drawer.alarms}>
                    {i.alarms.length === 0 ? (
                      <Empty description={m.drawer.empty} />
                    ) : (
                      <Timeline
                        items={i.alarms.map((a) => ({
                          color: a.status === 'ok' ? 'green' : 'red',
                          content: (
                            <span>
                              <b>{a.name}</b> [{a.level}] {a.resource_name ?? ''} ·{' '}
                              {a.status === 'ok' ? m.drawer.recovered : m.drawer.firing} ·{' '}
                              {fmt(m.drawer.received, { n: a.received_count })}
                              <div>
                                {a.description} · {formatTime(a.first_at)}
                                {a.recovered_at ? ` → ${formatTime(a.recovered_at)}` : ''}
                              </div>
                            </span>
                          ),
                        }))}
                      />
                    )}
                  </PanelBoundary>
                ),
              },
            ]}
          />
        </>
      )}
    </Drawer>
  )
}
