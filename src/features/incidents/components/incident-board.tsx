import { Badge } from 'antd'
import { useEffect, useState } from 'react'
import type { IncidentCard as Card, IncidentStatus, OperateKey } from '../../../contract/incidents'
import { useIncidentMessages } from '../incidents-messages'
import { IncidentCard } from './incident-card'

export const COLUMNS: IncidentStatus[] = [
  'incident_draft',
  'INCIDENT_STATUS_TRIGGERED',
  'INCIDENT_STATUS_ACKNOWLEDGED',
  'INCIDENT_STATUS_RESOLVED',
  'INCIDENT_STATUS_COMPLETED',
  'INCIDENT_STATUS_REJECTED',
]

/**
 * Which operate key a drop from one column onto another means; the state machine and the server decide if it is legal.
 */
export const DROP_KEYS: Partial<
  Record<IncidentStatus, Partial<Record<IncidentStatus, { key: OperateKey; confirmResult?: boolean }>>>
> = {
  incident_draft: { INCIDENT_STATUS_TRIGGERED: { key: 'submitDraft1' } },
  INCIDENT_STATUS_TRIGGERED: {
    INCIDENT_STATUS_ACKNOWLEDGED: { key: 'acceptedIncident1' },
    INCIDENT_STATUS_REJECTED: { key: 'rejectIncident1' },
  },
  INCIDENT_STATUS_ACKNOWLEDGED: { INCIDENT_STATUS_RESOLVED: { key: 'commitSolution1' } },
  INCIDENT_STATUS_RESOLVED: {
    INCIDENT_STATUS_COMPLETED: { key: 'confirm', confirmResult: true },
    INCIDENT_STATUS_ACKNOWLEDGED: { key: 'confirm', confirmResult: false },
  },
}

export interface IncidentBoardProps {
  incidents: Card[]
  selected: string | null
  onSelect: (num: string) => void
  onOpen: (num: string) => void
  /** A card was dropped on another column (legal or not: the caller explains refusals). */
  onMove: (incident: Card, to: IncidentStatus) => void
  onAccept: (incident: Card) => void
}

/** Kanban of incidents by status with drag-and-drop transitions and j/k/a/Enter keys. */
export function IncidentBoard({ incidents, selected, onSelect, onOpen, onMove, onAccept }: IncidentBoardProps) {
  const m = useIncidentMessages()
  const [dragging, setDragging] = useState<Card | null>(null)
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(t)
  }, [])
  const columns = COLUMNS.filter((c) => c !== 'incident_draft' || incidents.some((i) => i.status === c))
  const ordered = columns.flatMap((c) => incidents.filter((i) => i.status === c))

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement
      if (
        ['INPUT', 'TEXTAREA'].includes(target.tagName) ||
        target.isContentEditable ||
        document.querySelector('.ant-drawer-open, .ant-modal-wrap')
      )
        return
      const idx = ordered.findIndex((i) => i.incident_num === selected)
      if (e.key === 'j' || e.key === 'k') {
        const next = ordered[Math.max(0, Math.min(ordered.length - 1, idx + (e.key === 'j' ? 1 : -1)))]
        if (next) onSelect(next.incident_num)
      } else if (e.key === 'a' && idx >= 0 && ordered[idx].allowed_actions.includes('acceptedIncident1')) {
        onAccept(ordered[idx])
      } else if (e.key === 'Enter' && idx >= 0 && document.activeElement === document.body) {
        onOpen(ordered[idx].incident_num)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [ordered, selected, onSelect, onAccept, onOpen])

  return (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: `repeat(${columns.length}, minmax(220px, 1fr))`,
        gap: 12,
        overflowX: 'auto',
      }}
    >
      {columns.map((status) => {
        const name = m.statusNames[status] ?? status
        const cards = incidents.filter((i) => i.status === status)
        const canDrop = !!dragging && !!DROP_KEYS[dragging.status]?.[status]
        return (
          <section
            key={status}
            aria-label={name}
            data-status={status}
            onDragOver={(e) => {
              if (dragging && dragging.status !== status) e.preventDefault()
            }}
            onDrop={(e) => {
              e.preventDefault()
              if (dragging && dragging.status !== status) onMove(dragging, status)
              setDragging(null)
            }}
            style={{
              background: canDrop ? '#e6f4ff' : '#f5f5f5',
              borderRadius: 8,
              padding: 8,
              minHeight: 240,
              outline: canDrop ? '2px dashed #1677ff' : 'none',
            }}
          >
            <h3 style={{ fontSize: 14, margin: '4px 4px 8px', display: 'flex', justifyContent: 'space-between' }}>
              {name}
              <Badge count={cards.length} showZero color="#8c8c8c" />
            </h3>
            {cards.map((i) => (
              <IncidentCard
                key={i.incident_num}
                incident={i}
                now={now}
                isSelected={i.incident_num === selected}
                onOpen={() => {
                  onSelect(i.incident_num)
                  onOpen(i.incident_num)
                }}
                onDragStart={() => setDragging(i)}
              />
            ))}
          </section>
        )
      })}
    </div>
  )
}
