import type { QueryClient } from '@tanstack/react-query'
import { useQuery } from '@tanstack/react-query'
import { Button, Col, Row } from 'antd'
import { lazy, Suspense, type ReactNode } from 'react'
import { Link } from 'react-router'
import { paths } from '../../config/paths'
import { hasPermission, type Role } from '../../contract/identity'
import { sessionQueries } from '../../features/session/api/session-queries'
import { cmdbQueries } from '../../features/cmdb/api/cmdb-queries'
import { fmt } from '../../lib/i18n'
import { useShellMessages } from '../shell-messages'
import { useHomeMessages } from './home/home-messages'
import { BoardCard, PanelPlaceholder } from './home/board-card'

/**
 * The panels load as their own chunks, each with its feature's contract and tags: the board's frame, greeting
 * and next steps paint first (the first-screen JS budget, DESIGN "Non-functional targets"), and each panel
 * shows its title and loading bars until its code and data are in.
 */
const WaitingPanel = lazy(() => import('./home/waiting-panel').then((mod) => ({ default: mod.WaitingPanel })))
const ActiveTicketsPanel = lazy(() =>
  import('./home/tickets-panels').then((mod) => ({ default: mod.ActiveTicketsPanel })),
)
const MyTicketsPanel = lazy(() => import('./home/tickets-panels').then((mod) => ({ default: mod.MyTicketsPanel })))
const UrgentPanel = lazy(() => import('./home/urgent-panel').then((mod) => ({ default: mod.UrgentPanel })))
const FleetPanel = lazy(() => import('./home/fleet-panel').then((mod) => ({ default: mod.FleetPanel })))
const CompliancePanel = lazy(() => import('./home/compliance-panel').then((mod) => ({ default: mod.CompliancePanel })))

type PanelKey = 'waiting' | 'active' | 'mine' | 'urgent' | 'fleet' | 'compliance'

/** What each role looks at first: reviewers their queue, operators their tickets, viewers the state of things. */
const BOARD: Record<Role, PanelKey[]> = {
  admin: ['waiting', 'active', 'urgent', 'fleet', 'compliance', 'mine'],
  platform_admin: ['waiting', 'active', 'urgent', 'fleet', 'compliance', 'mine'],
  operator: ['active', 'mine', 'urgent', 'waiting', 'fleet', 'compliance'],
  reviewer: ['waiting', 'active', 'urgent', 'compliance', 'fleet'],
  viewer: ['urgent', 'active', 'compliance', 'fleet', 'waiting'],
}

/** Warms the board's first query (running tickets) before the page renders; the panels read the same options. */
export function clientLoader(queryClient: QueryClient) {
  return async () => {
    const { homeTicketQueries } = await import('./home/ticket-queries')
    return queryClient.ensureQueryData(homeTicketQueries.running())
  }
}

function NextSteps({ role }: { role: Role }) {
  const m = useHomeMessages()
  const isAdmin = role === 'admin' || role === 'platform_admin'
  // The fleet panel asks the same (one request): an admin whose hosts are online is past enrolling them.
  const online = useQuery({ ...cmdbQueries.hosts({ status: 'online', pageSize: 1 }), enabled: isAdmin })
  const hosts = online.data?.total ?? 0
  const link = (to: string, label: string, primary = false) => (
    <Link key={label} to={to}>
      <Button type={primary ? 'primary' : 'default'}>{label}</Button>
    </Link>
  )
  const adminActions =
    hosts > 0
      ? [
          link(paths.executionWizard.href(), m.next.runScript, true),
          link(paths.adminUsers.href(), m.next.addUsers),
          link(paths.cmdb.href(), m.next.enrollMore),
        ]
      : [
          link(paths.cmdb.href(), m.next.enrollAgents, true),
          link(paths.adminUsers.href(), m.next.addUsers),
          link(paths.executionWizard.href(), m.next.runScript),
        ]
  const actions: Record<Role, ReactNode[]> = {
    operator: [
      link(paths.executionWizard.href(), m.next.runScript, true),
      link(paths.scriptNew.href(), m.next.writeScript),
    ],
    reviewer: [link(paths.inbox.href(), m.next.openInbox, true), link(paths.scripts.href(), m.next.scripts)],
    viewer: [link(paths.tickets.href(), m.next.browseTickets, true), link(paths.patches.href(), m.next.openCompliance)],
    admin: adminActions,
    platform_admin: adminActions,
  }
  return (
    <BoardCard title={m.next.title}>
      <p style={{ margin: '0 0 12px' }}>
        {isAdmin && hosts > 0
          ? fmt(m.next.adminWithHosts, { n: hosts })
          : m.next[isAdmin ? 'admin' : (role as Exclude<Role, 'admin' | 'platform_admin'>)]}
      </p>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>{actions[role]}</div>
    </BoardCard>
  )
}

/** Home: a status board for the signed-in role, each line linking to where one acts on it. */
export function Component() {
  const shell = useShellMessages()
  const m = useHomeMessages()
  const { data } = useQuery(sessionQueries.me())
  const user = data?.user
  const role = user?.role ?? 'viewer'
  const canRun = hasPermission(role, 'executions:run')
  const panels: Record<PanelKey, ReactNode> = {
    waiting: <WaitingPanel />,
    active: <ActiveTicketsPanel canRun={canRun} />,
    mine: user ? <MyTicketsPanel username={user.username} /> : null,
    urgent: <UrgentPanel />,
    fleet: <FleetPanel canEnroll={hasPermission(role, 'cmdb:write')} />,
    compliance: <CompliancePanel canScan={hasPermission(role, 'patches:scan')} />,
  }
  const titles: Record<PanelKey, string> = {
    waiting: m.waiting.title,
    active: m.active.title,
    mine: m.mine.title,
    urgent: m.urgent.title,
    fleet: m.fleet.title,
    compliance: m.compliance.title,
  }
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16, width: '100%' }}>
      <div>
        <h1 style={{ margin: 0, fontSize: 24, fontWeight: 600, lineHeight: 1.35 }}>
          {fmt(m.welcome, { name: user?.displayName ?? '' })}
        </h1>
        <span style={{ color: 'rgba(0,0,0,0.45)' }}>{fmt(m.intro, { role: shell.roles[role] })}</span>
      </div>
      <NextSteps role={role} />
      <Row gutter={[16, 16]}>
        {BOARD[role].map((k) => (
          <Col key={k} xs={24} lg={12} xxl={8}>
            {panels[k] && <Suspense fallback={<PanelPlaceholder title={titles[k]} />}>{panels[k]}</Suspense>}
          </Col>
        ))}
      </Row>
    </div>
  )
}
