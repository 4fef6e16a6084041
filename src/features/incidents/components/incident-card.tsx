import { AlertOutlined } from '@ant-design/icons'
import { Space, Tag, Typography } from 'antd'
import type { IncidentCard as Card } from '../../../contract/incidents'
import { INCIDENT_LEVELS } from '../../../contract/incidents'
import { fmt } from '../../../lib/i18n'
import { formatDuration } from '../../../lib/format'
import { useIncidentMessages } from '../incidents-messages'

/** Level colours: P1 red … P5 grey. */
export const LEVEL_COLORS: Record<string, string> = {
  level_10: '#cf1322',
  level_20: '#fa541c',
  level_30: '#faad14',
  level_40: '#1677ff',
  level_50: '#8c8c8c',
}
/** Minutes to acknowledge/resolve by level before the SLA is breached. */
export const SLA_MINUTES: Record<string, number> = {
  level_10: 30,
  level_20: 60,
  level_30: 240,
  level_40: 1440,
  level_50: 4320,
}

export interface IncidentCardProps {
  incident: Card
  isSelected: boolean
  now: number
  onOpen: () => void
  onDragStart: () => void
}

/** A board card: level, title, application, assignee, age and the SLA timer of the current stage. */
export function IncidentCard({ incident: i, isSelected, now, onOpen, onDragStart }: IncidentCardProps) {
  const m = useIncidentMessages()
  const level = INCIDENT_LEVELS.find((l) => l.key === i.level)?.en ?? i.level
  const open = i.status === 'INCIDENT_STATUS_TRIGGERED' || i.status === 'INCIDENT_STATUS_ACKNOWLEDGED'
  const deadline = i.created_at + (SLA_MINUTES[i.level] ?? 240) * 60_000
  const left = deadline - now
  return (
    // A real button (Enter/Space, focus) that is also draggable; the selected card is a pressed toggle.
    <button
      type="button"
      draggable={i.allowed_actions.length > 0}
      aria-pressed={isSelected}
      data-incident={i.incident_num}
      onDragStart={(e) => {
        e.dataTransfer.setData('text/plain', i.incident_num)
        onDragStart()
      }}
      onClick={onOpen}
      style={{
        display: 'block',
        width: '100%',
        textAlign: 'left',
        font: 'inherit',
        color: 'inherit',
        borderTop: 'none',
        borderRight: 'none',
        borderBottom: 'none',
        background: '#fff',
        borderRadius: 6,
        padding: '8px 10px',
        marginBottom: 8,
        cursor: 'pointer',
        borderLeft: `4px solid ${LEVEL_COLORS[i.level] ?? '#d9d9d9'}`,
        boxShadow: isSelected ? '0 0 0 2px #1677ff' : '0 1px 2px rgba(0,0,0,0.08)',
      }}
    >
      <Space size={4} wrap>
        <Tag color={LEVEL_COLORS[i.level]} style={{ marginInlineEnd: 0 }}>
          {level}
        </Tag>
        {i.is_service_interrupt && <Tag color="red">{m.card.interrupt}</Tag>}
        {i.alarm_count > 0 && <Tag icon={<AlertOutlined />}>{fmt(m.card.alarms, { n: i.alarm_count })}</Tag>}
      </Space>
      <span style={{ display: 'block', fontWeight: 500, margin: '4px 0' }}>{i.title}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {i.application_id} · {i.assignee_name ?? m.none} ·{' '}
        {fmt(m.card.age, { age: formatDuration(now - i.created_at) })}
      </Typography.Text>
      {open && (
        <span style={{ display: 'block', fontSize: 12, color: left < 0 ? '#cf1322' : '#389e0d' }}>
          {left < 0
            ? fmt(m.card.breached, { over: formatDuration(-left) })
            : fmt(m.card.sla, { left: formatDuration(left) })}
        </span>
      )}
    </button>
  )
}
