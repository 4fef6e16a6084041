import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { paths } from '../../../config/paths'
import { cmdbQueries } from '../../../features/cmdb/api/cmdb-queries'
import { formatDuration } from '../../../lib/format'
import { fmt, useLocale } from '../../../lib/i18n'
import { useHomeMessages } from './home-messages'
import { PanelList, PanelRow, StatusPanel } from './status-panel'

const ROWS = 5

/** Hosts whose agent stopped answering, with when it was last seen; each opens the host's drawer. */
export function FleetPanel({ canEnroll }: { canEnroll: boolean }) {
  const m = useHomeMessages()
  const { locale } = useLocale()
  const offline = useQuery(cmdbQueries.hosts({ status: 'offline', pageSize: ROWS }))
  const online = useQuery(cmdbQueries.hosts({ status: 'online', pageSize: 1 }))
  const down = offline.data?.total ?? 0
  const withAgent = down + (online.data?.total ?? 0)
  return (
    <StatusPanel
      title={m.fleet.title}
      count={offline.data ? down : undefined}
      isAlert
      viewAll={paths.cmdb.href()}
      isLoading={offline.isLoading || online.isLoading}
      error={offline.error ?? online.error}
      isEmpty={down === 0}
      empty={
        withAgent === 0 ? (
          <>
            <div>{m.fleet.noHosts}</div>
            {canEnroll && <Link to={paths.cmdb.href()}>{m.fleet.enroll}</Link>}
          </>
        ) : (
          m.fleet.empty
        )
      }
    >
      <div style={{ color: '#cf1322', marginBottom: 4 }}>{fmt(m.fleet.count, { n: down, total: withAgent })}</div>
      <PanelList label={m.fleet.title}>
        {offline.data?.items.map((h) => (
          <PanelRow
            key={h.id}
            main={
              <Link to={paths.cmdbHost.href(h.id)}>
                {h.name} <span style={{ color: 'rgba(0,0,0,0.45)' }}>{h.innerIp}</span>
              </Link>
            }
            aside={
              h.lastSeenAt
                ? formatDuration(Date.now() - Date.parse(h.lastSeenAt), locale)
                : `${h.bizName} / ${h.moduleName}`
            }
          />
        ))}
      </PanelList>
    </StatusPanel>
  )
}
