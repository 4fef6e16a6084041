/** Every page's path and how to link to it; nothing else builds console URLs by hand. */
export const paths = {
  login: { path: '/login', href: (next?: string) => (next ? `/login?next=${encodeURIComponent(next)}` : '/login') },
  home: { path: '/', href: () => '/' },
  scripts: { path: '/scripts', href: () => '/scripts' },
  executionWizard: { path: '/executions/new', href: () => '/executions/new' },
  tickets: { path: '/tickets', href: () => '/tickets' },
  incidents: { path: '/incidents', href: () => '/incidents' },
  warRooms: { path: '/war-rooms', href: () => '/war-rooms' },
  patches: { path: '/patches', href: () => '/patches' },
  cmdb: { path: '/cmdb', href: () => '/cmdb' },
  cmdbHost: { path: '/cmdb/hosts/:hostId', href: (hostId: number) => `/cmdb/hosts/${hostId}` },
  adminUsers: { path: '/admin/users', href: () => '/admin/users' },
  adminAudit: { path: '/admin/audit', href: () => '/admin/audit' },
} as const
