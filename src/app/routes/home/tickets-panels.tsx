import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { paths } from '../../../config/paths'
import type { ExecutionSummary } from '../../../contract/executions'
import { CountsProgress, OrderStatusTag } from '../../../features/executions/components/execution-tags'
import { formatDuration } from '../../../lib/format'
import { useLocale } from '../../../lib/i18n'
import { useHomeMessages } from './home-messages'
import { PanelList, PanelRow, StatusPanel } from './status-panel'

import { homeTicketQueries } from './ticket-queries'

function TicketRow({ t, action }: { t: ExecutionSummary; action?: string }) {
  const { locale } = useLocale()
  const since = t.startedAt ?? t.createdAt
  return (
    <PanelRow
      main={
        <Link to={paths.ticket.href(t.executeUuid)}>
          {t.scriptName} <span style={{ color: 'rgba(0,0,0,0.45)', fontFamily: 'monospace' }}>{t.executeUuid}</span>
        </Link>
      }
      tag={
        <>
          <span style={{ width: 140 }}>
            <CountsProgress counts={t.counts} total={t.totalInstances} />
          </span>
          <OrderStatusTag status={t.status} />
          {action && <Link to={paths.ticket.href(t.executeUuid)}>{action}</Link>}
        </>
      }
      aside={formatDuration(Date.now() - Date.parse(since), locale)}
    />
  )
}

/** Running and paused tickets: what is moving now and what waits for someone to press Continue. */
export function ActiveTicketsPanel({ canRun }: { canRun: boolean }) {
  const m = useHomeMessages()
  const running = useQuery(homeTicketQueries.running())
  const paused = useQuery(homeTicketQueries.paused())
  const total = (running.data?.total ?? 0) + (paused.data?.total ?? 0)
  return (
    <StatusPanel
      title={m.active.title}
      count={running.data && paused.data ? total : undefined}
      isAlert={(paused.data?.total ?? 0) > 0}
      viewAll={paths.tickets.href()}
      isLoading={running.isLoading || paused.isLoading}
      error={running.error ?? paused.error}
      isEmpty={total === 0}
      empty={
        <>
          <div>{m.active.empty}</div>
          {canRun && <Link to={paths.executionWizard.href()}>{m.active.emptyAction}</Link>}
        </>
      }
    >
      {(paused.data?.items.length ?? 0) > 0 && (
        <PanelList label={m.active.paused}>
          <li style={{ fontSize: 12, color: '#d48806', paddingTop: 4 }}>{m.active.paused}</li>
          {paused.data?.items.map((t) => (
            <TicketRow key={t.executeUuid} t={t} action={canRun ? m.active.continue : undefined} />
          ))}
        </PanelList>
      )}
      {(running.data?.items.length ?? 0) > 0 && (
        <PanelList label={m.active.running}>
          <li style={{ fontSize: 12, color: '#1677ff', paddingTop: 4 }}>{m.active.running}</li>
          {running.data?.items.map((t) => (
            <TicketRow key={t.executeUuid} t={t} />
          ))}
        </PanelList>
      )}
    </StatusPanel>
  )
}

/** The caller's own latest tickets, whatever their state. */
export function MyTicketsPanel({ username }: { username: string }) {
  const m = useHomeMessages()
  const { data, error, isLoading } = useQuery(homeTicketQueries.mine(username))
  return (
    <StatusPanel
      title={m.mine.title}
      viewAll={paths.tickets.href()}
      isLoading={isLoading}
      error={error}
      isEmpty={!data?.items.length}
      empty={
        <>
          <div>{m.mine.empty}</div>
          <Link to={paths.executionWizard.href()}>{m.mine.emptyAction}</Link>
        </>
      }
    >
      <PanelList label={m.mine.title}>
        {data?.items.map((t) => (
          <TicketRow key={t.executeUuid} t={t} />
        ))}
      </PanelList>
    </StatusPanel>
  )
}
