import {
  AlertOutlined,
  ApartmentOutlined,
  ApiOutlined,
  CloudUploadOutlined,
  AuditOutlined,
  CheckSquareOutlined,
  ClockCircleOutlined,
  CodeOutlined,
  DeploymentUnitOutlined,
  FileSearchOutlined,
  FireOutlined,
  NodeIndexOutlined,
  PlayCircleOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  TeamOutlined,
} from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Grid, Layout } from 'antd'
import type { ReactNode } from 'react'
import { Link, Outlet, useLocation, useMatches, useNavigate } from 'react-router'
import { hasPermission } from '../../contract/identity'
import { paths } from '../../config/paths'
import { InboxBell } from '../../features/inbox/components/inbox-bell'
import { useLogout } from '../../features/session/api/session-mutations'
import { sessionQueries } from '../../features/session/api/session-queries'
import { NAV, type NavKey } from '../nav'
import { useShellMessages } from '../shell-messages'
import { LanguageSwitch } from './language-switch'
import { UserBox } from './user-box'

const ICONS: Record<NavKey, ReactNode> = {
  scripts: <CodeOutlined />,
  executionWizard: <PlayCircleOutlined />,
  tickets: <FileSearchOutlined />,
  jobPlans: <DeploymentUnitOutlined />,
  planRuns: <NodeIndexOutlined />,
  schedules: <ClockCircleOutlined />,
  approvals: <CheckSquareOutlined />,
  incidents: <AlertOutlined />,
  warRooms: <FireOutlined />,
  oncall: <ScheduleOutlined />,
  patches: <SafetyCertificateOutlined />,
  cmdb: <ApartmentOutlined />,
  adminUsers: <TeamOutlined />,
  adminAudit: <AuditOutlined />,
  files: <CloudUploadOutlined />,
  adminBkApps: <ApiOutlined />,
}

/**
 * The sider's links, drawn like antd's inline Menu (group titles, icon + label rows, the current page
 * highlighted). Plain links rather than antd Menu: Menu brings rc-menu, its overflow list and Tooltip, ~28 kB
 * gzip on every signed-in first screen, for a list that needs none of its behaviour.
 */
const NAV_CSS = `
.oc-nav { padding: 0 4px 16px; }
.oc-nav-list { list-style: none; margin: 0; padding: 0; }
.oc-nav-group { padding: 12px 20px 4px; color: rgba(0,0,0,0.45); font-size: 12px; line-height: 20px; }
.oc-nav-item { display: flex; align-items: center; gap: 10px; height: 40px; margin: 4px; padding: 0 20px;
  border-radius: 8px; color: rgba(0,0,0,0.88); white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
  transition: background-color 0.2s; }
.oc-nav-item:hover { background: rgba(0,0,0,0.06); color: rgba(0,0,0,0.88); }
.oc-nav-item:focus-visible { outline: 2px solid #91caff; outline-offset: -2px; }
.oc-nav-item[aria-current='page'] { background: #e6f4ff; color: #1677ff; }
`

/** The signed-in shell: sider menu from NAV (filtered by role), header with language switch and user menu. */
export function AppLayout() {
  const m = useShellMessages()
  const { data: session } = useQuery(sessionQueries.me())
  const navigate = useNavigate()
  const location = useLocation()
  const matches = useMatches()
  const logout = useLogout({ onSuccess: () => navigate(paths.login.path) })
  const role = session?.user.role ?? 'viewer'
  // Under `xl` (1200 px) the sider hides behind its trigger, which then sits in the header's left corner; under
  // `md` (phones) the header and content get tighter too.
  const screens = Grid.useBreakpoint()
  const isNarrow = !screens.md
  const isSiderHidden = !screens.xl

  const visible = NAV.filter((n) => hasPermission(role, n.access))
  const groups = (['operate', 'respond', 'inventory', 'admin'] as const)
    .map((g) => ({ g, entries: visible.filter((n) => n.group === g) }))
    .filter(({ entries }) => entries.length > 0)
  const selected = new Set(
    NAV.filter((n) => location.pathname === n.path || location.pathname.startsWith(`${n.path}/`)).map((n) => n.path),
  )

  const navKey = (matches.at(-1)?.handle as { navKey?: NavKey } | undefined)?.navKey
  const entry = NAV.find((n) => n.key === navKey)
  const allowed = !entry || hasPermission(role, entry.access)

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <style>{NAV_CSS}</style>
      <Layout.Sider
        width={224}
        theme="light"
        breakpoint="xl"
        collapsedWidth={0}
        zeroWidthTriggerStyle={{ top: 12 }}
        style={{ borderRight: '1px solid #f0f0f0' }}
      >
        <Link to={paths.home.path} style={{ display: 'block', padding: '16px 24px' }}>
          <span style={{ fontSize: 16, fontWeight: 600, color: 'rgba(0,0,0,0.88)' }}>{m.product}</span>
        </Link>
        <nav aria-label="main" className="oc-nav">
          {groups.map(({ g, entries }) => (
            <div key={g}>
              <div id={`oc-nav-${g}`} className="oc-nav-group">
                {g === 'admin' ? m.nav.admin : m.groups[g]}
              </div>
              <ul aria-labelledby={`oc-nav-${g}`} className="oc-nav-list">
                {entries.map((n) => (
                  <li key={n.path}>
                    <Link to={n.path} className="oc-nav-item" aria-current={selected.has(n.path) ? 'page' : undefined}>
                      <span aria-hidden="true">{ICONS[n.key]}</span>
                      <span>{m.nav[n.key]}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: isSiderHidden ? `0 ${isNarrow ? 12 : 24}px 0 56px` : '0 24px',
            display: 'flex',
            justifyContent: 'flex-end',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <div style={{ display: 'flex', alignItems: 'center', gap: isNarrow ? 8 : 16 }}>
            <InboxBell href={paths.inbox.href()} />
            <LanguageSwitch />
            <UserBox
              session={session}
              isCompact={isNarrow}
              isLoggingOut={logout.isPending}
              onLogout={() => logout.mutate()}
            />
          </div>
        </Layout.Header>
        <Layout.Content style={{ margin: isNarrow ? 12 : 24, minWidth: 0 }}>
          {allowed ? (
            <Outlet />
          ) : (
            <p
              role="alert"
              style={{ padding: 16, background: '#fffbe6', border: '1px solid #ffe58f', borderRadius: 8 }}
            >
              {m.errors.forbidden}
            </p>
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  )
}
