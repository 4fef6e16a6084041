import type { QueryClient } from '@tanstack/react-query'
import { useQuery } from '@tanstack/react-query'
import { Button, Card, Col, Row, Space, Typography } from 'antd'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { paths } from '../../config/paths'
import { hasPermission, type Role } from '../../contract/identity'
import { sessionQueries } from '../../features/session/api/session-queries'
import { fmt } from '../../lib/i18n'
import { useShellMessages } from '../shell-messages'
import { CompliancePanel } from './home/compliance-panel'
import { FleetPanel } from './home/fleet-panel'
import { useHomeMessages } from './home/home-messages'
import { homeTicketQueries, ActiveTicketsPanel, MyTicketsPanel } from './home/tickets-panels'
import { UrgentPanel } from './home/urgent-panel'
import { WaitingPanel } from './home/waiting-panel'

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
  return () => queryClient.ensureQueryData(homeTicketQueries.running())
}

function NextSteps({ role }: { role: Role }) {
  const m = useHomeMessages()
  const link = (to: string, label: string, primary = false) => (
    <Link key={label} to={to}>
      <Button type={primary ? 'primary' : 'default'}>{label}</Button>
    </Link>
  )
  const adminActions = [
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
    <Card size="small" title={m.next.title}>
      <Typography.Paragraph style={{ marginBottom: 12 }}>
        {m.next[role === 'platform_admin' ? 'admin' : role]}
      </Typography.Paragraph>
      <Space wrap>{actions[role]}</Space>
    </Card>
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
    waiting: <WaitingPanel isReviewer={hasPermission(role, 'scripts:review')} />,
    active: <ActiveTicketsPanel canRun={canRun} />,
    mine: user ? <MyTicketsPanel username={user.username} /> : null,
    urgent: <UrgentPanel />,
    fleet: <FleetPanel canEnroll={hasPermission(role, 'cmdb:write')} />,
    compliance: <CompliancePanel canScan={hasPermission(role, 'patches:scan')} />,
  }
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {fmt(m.welcome, { name: user?.displayName ?? '' })}
        </Typography.Title>
        <Typography.Text type="secondary">{fmt(m.intro, { role: shell.roles[role] })}</Typography.Text>
      </div>
      <NextSteps role={role} />
      <Row gutter={[16, 16]}>
        {BOARD[role].map((k) => (
          <Col key={k} xs={24} lg={12} xxl={8}>
            {panels[k]}
          </Col>
        ))}
      </Row>
    </Space>
  )
}
