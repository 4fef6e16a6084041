import { useQuery } from '@tanstack/react-query'
import { Tag } from 'antd'
import { Link } from 'react-router'
import { paths } from '../../../config/paths'
import type { IncidentStatus } from '../../../contract/incidents'
import { incidentQueries } from '../../../features/incidents/api/incidents-queries'
import { warRoomQueries } from '../../../features/war-rooms/api/war-rooms-queries'
import { formatDuration } from '../../../lib/format'
import { fmt, useLocale } from '../../../lib/i18n'
import { useHomeMessages } from './home-messages'
import { PanelList, PanelRow, StatusPanel } from './status-panel'

const URGENT_LEVELS: Record<string, string> = { level_10: 'P1', level_20: 'P2' }
/** Still someone's to handle: not a draft, not completed or rejected. */
const OPEN: IncidentStatus[] = ['INCIDENT_STATUS_TRIGGERED', 'INCIDENT_STATUS_ACKNOWLEDGED', 'INCIDENT_STATUS_RESOLVED']
const ROWS = 5

/** Open P1/P2 incidents (oldest first: the longest outage on top) and the war rooms running for them. */
export function UrgentPanel() {
  const m = useHomeMessages()
  const { locale } = useLocale()
  const board = useQuery(incidentQueries.board({}))
  const rooms = useQuery(warRoomQueries.list({ status: ['running'], limit: 0, offset: ROWS }))
  const urgent = (board.data ?? [])
    .filter((i) => URGENT_LEVELS[i.level] && OPEN.includes(i.status))
    .sort((a, b) => a.created_at - b.created_at)
  const running = rooms.data?.list ?? []
  return (
    <StatusPanel
      title={m.urgent.title}
      count={board.data ? urgent.length : undefined}
      isAlert
      viewAll={paths.incidents.href()}
      isLoading={board.isLoading || rooms.isLoading}
      error={board.error ?? rooms.error}
      isEmpty={urgent.length === 0 && running.length === 0}
      empty={
        <>
          <div>{m.urgent.empty}</div>
          <div>{m.urgent.noWarRooms}</div>
        </>
      }
    >
      <PanelList label={m.urgent.title}>
        {urgent.length === 0 && <li style={{ color: 'rgba(0,0,0,0.45)', padding: '6px 0' }}>{m.urgent.empty}</li>}
        {urgent.slice(0, ROWS).map((i) => (
          <PanelRow
            key={i.incident_num}
            main={<Link to={paths.incident.href(i.incident_num)}>{i.title}</Link>}
            tag={
              <>
                <Tag color={i.level === 'level_10' ? 'red' : 'volcano'}>{URGENT_LEVELS[i.level]}</Tag>
                <Tag>{m.urgent.status[i.status]}</Tag>
              </>
            }
            aside={fmt(m.urgent.since, { age: formatDuration(Date.now() - i.created_at, locale) })}
          />
        ))}
      </PanelList>
      <div style={{ marginTop: 12, fontWeight: 500 }}>
        {m.urgent.warRooms} {rooms.data && <Tag>{rooms.data.total ?? running.length}</Tag>}
      </div>
      <PanelList label={m.urgent.warRooms}>
        {running.length === 0 && <li style={{ color: 'rgba(0,0,0,0.45)', padding: '6px 0' }}>{m.urgent.noWarRooms}</li>}
        {running.map((r) => (
          <PanelRow
            key={r.id}
            main={<Link to={paths.warRoom.href(r.id)}>{r.title}</Link>}
            aside={fmt(m.urgent.since, { age: formatDuration(r.processing_duration * 60_000, locale) })}
          />
        ))}
      </PanelList>
    </StatusPanel>
  )
}
