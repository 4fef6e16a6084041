import type { Permission } from '../contract/identity'
import { paths } from '../config/paths'

export type NavKey =
  | 'scripts'
  | 'executionWizard'
  | 'tickets'
  | 'incidents'
  | 'warRooms'
  | 'oncall'
  | 'patches'
  | 'cmdb'
  | 'adminUsers'
  | 'adminAudit'
  | 'files'
  | 'adminBkApps'

export interface NavEntry {
  key: NavKey
  path: string
  group: 'operate' | 'respond' | 'inventory' | 'admin'
  /** Permission needed to see the entry (and to open the route). */
  access: Permission
  /** The issue that delivers the page, shown on its "not built yet" placeholder. */
  issue: string
}

/** Menu metadata: the sider, the route guards and the placeholders read this one table. */
export const NAV: NavEntry[] = [
  { key: 'scripts', path: paths.scripts.path, group: 'operate', access: 'read', issue: 'issue #3, script library' },
  {
    key: 'executionWizard',
    path: paths.executionWizard.path,
    group: 'operate',
    access: 'executions:run',
    issue: 'issue #5, execution engine',
  },
  { key: 'tickets', path: paths.tickets.path, group: 'operate', access: 'read', issue: 'issue #5, execution engine' },
  { key: 'incidents', path: paths.incidents.path, group: 'respond', access: 'read', issue: 'issue #6, incidents' },
  { key: 'warRooms', path: paths.warRooms.path, group: 'respond', access: 'read', issue: 'issue #7, WarRoom' },
  { key: 'oncall', path: paths.oncall.path, group: 'respond', access: 'read', issue: 'issue #15, on-call' },
  { key: 'patches', path: paths.patches.path, group: 'inventory', access: 'read', issue: 'issue #8, patch compliance' },
  { key: 'cmdb', path: paths.cmdb.path, group: 'inventory', access: 'read', issue: 'issue #4, host agents and CMDB' },
  { key: 'adminUsers', path: paths.adminUsers.path, group: 'admin', access: 'read', issue: 'issue #2' },
  { key: 'adminAudit', path: paths.adminAudit.path, group: 'admin', access: 'audit:read', issue: 'issue #2' },
  { key: 'files', path: paths.files.path, group: 'operate', access: 'read', issue: 'issue #17, file distribution' },
  {
    key: 'adminBkApps',
    path: paths.adminBkApps.path,
    group: 'admin',
    access: 'admin:manage',
    issue: 'issue #17, BlueKing job API',
  },
]

export function navEntry(key: NavKey): NavEntry {
  return NAV.find((n) => n.key === key)!
}
