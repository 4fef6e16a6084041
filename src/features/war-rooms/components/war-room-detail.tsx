import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Col, Descriptions, Input, Popconfirm, Row, Space, Tag, Timeline, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { paths } from '../../../config/paths'
import { INCIDENT_LEVELS } from '../../../contract/incidents'
import { useLocale } from '../../../lib/i18n'
import { formatTime } from '../../../lib/format'
import { useWarRoomAction, warRoomQueries } from '../api/war-rooms-queries'
import { useWarRoomMessages } from '../war-rooms-messages'
import { PanelBoundary } from '../../../components/panel-boundary'
import { ErrorReason } from '../../../components/error-reason'

const KIND_COLORS = { note: 'blue', report: 'green', status: 'red', member: 'gray' } as const

/** One war room: incident, people, impact, times, and the live note stream with note/report/members/close. */
const levelName = (key: string) => INCIDENT_LEVELS.find((l) => l.key === key)?.en ?? ''

export function WarRoomDetail({ id }: { id: string }) {
  const m = useWarRoomMessages()
  const { locale } = useLocale()
  const { data: r, error } = useQuery(warRoomQueries.detail(id))
  const action = useWarRoomAction(id)
  const [note, setNote] = useState('')
  const [people, setPeople] = useState('')
  if (error) return <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />
  if (!r) return null
  const list = (xs: string[]) => (xs.length ? xs.map((x) => <Tag key={x}>{x}</Tag>) : '—')
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space align="center" wrap>
        <Link to={paths.warRooms.href()}>← {m.detail.back}</Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {r.title}
        </Typography.Title>
        <Tag color={r.war_room_status.id === 'running' ? 'red' : 'default'}>
          {locale === 'zh-CN' ? r.war_room_status.name_zh : r.war_room_status.name_en}
        </Tag>
        <Typography.Text type="secondary">{r.war_room_num}</Typography.Text>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small">
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'i',
                  label: m.detail.incident,
                  children: (
                    <Link to={paths.incident.href(r.incident.incident_id)}>
                      {`${r.incident.incident_id} · ${r.incident_title} ` +
                        `(${levelName(r.incident.failure_level)}, ${r.incident_status})`}
                    </Link>
                  ),
                },
                { key: 'a', label: m.detail.admin, children: r.admin },
                { key: 'p', label: m.detail.participants, children: list(r.participants) },
                { key: 'l', label: m.detail.leaders, children: list(r.recover_leader) },
                { key: 'm', label: m.detail.members, children: list(r.recover_member) },
                { key: 'apps', label: m.detail.apps, children: list(r.impacted_application.map((x) => x.name)) },
                { key: 'reg', label: m.detail.regions, children: list(r.regions.map((x) => x.name)) },
                { key: 'o', label: m.detail.occur, children: formatTime(r.occur_time) },
                { key: 'rc', label: m.detail.recover, children: formatTime(r.recover_time) },
                { key: 'fr', label: m.detail.firstReport, children: formatTime(r.first_report_time) },
                { key: 'rn', label: m.detail.recoveryNotice, children: formatTime(r.recovery_notification_time) },
                { key: 'c', label: m.detail.cause, children: r.fault_cause ?? '—' },
              ]}
            />
            {r.can_manage && (
              <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
                <Space.Compact style={{ width: '100%' }}>
                  <Input
                    placeholder={m.detail.addPeople}
                    aria-label={m.detail.addPeople}
                    value={people}
                    onChange={(e) => setPeople(e.target.value)}
                  />
                  <Button
                    onClick={() => {
                      action.mutate({
                        kind: 'members',
                        participants: people
                          .split(',')
                          .map((p) => p.trim())
                          .filter(Boolean),
                      })
                      setPeople('')
                    }}
                    disabled={!people.trim()}
                  >
                    {m.detail.add}
                  </Button>
                </Space.Compact>
                <Popconfirm title={m.detail.confirmClose} onConfirm={() => action.mutate({ kind: 'close' })}>
                  <Button danger>{m.detail.close}</Button>
                </Popconfirm>
              </Space>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={m.detail.stream}
            extra={<Typography.Text type="secondary">{m.detail.live}</Typography.Text>}
          >
            {r.can_manage && (
              <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
                <Input.TextArea
                  aria-label={m.detail.note}
                  placeholder={m.detail.note}
                  rows={2}
                  maxLength={2000}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                />
                <Space>
                  <Button
                    type="primary"
                    disabled={!note.trim()}
                    loading={action.isPending}
                    onClick={() => action.mutate({ kind: 'note', text: note }, { onSuccess: () => setNote('') })}
                  >
                    {m.detail.send}
                  </Button>
                  <Button
                    disabled={!note.trim()}
                    onClick={() => action.mutate({ kind: 'report', text: note }, { onSuccess: () => setNote('') })}
                  >
                    {m.detail.report}
                  </Button>
                </Space>
              </Space>
            )}
            <PanelBoundary>
              <Timeline
                items={[...r.events].reverse().map((e) => ({
                  color: KIND_COLORS[e.kind],
                  content: (
                    <span>
                      <b>{e.actor}</b> · {formatTime(e.at)} <Tag>{e.kind}</Tag>
                      <div style={{ whiteSpace: 'pre-wrap' }}>{e.text}</div>
                    </span>
                  ),
                }))}
              />
            </PanelBoundary>
          </Card>
        </Col>
      </Row>
    </Space>
  )
}
